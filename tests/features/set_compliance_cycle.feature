Feature: Set a compliance cycle
  - The MEE sets each compliance year's surrender deadline (RFC 3339, judged against block time).
  - The cycle lists the CEA vintages eligible for the year: current and earlier vintages, never a later one (no borrowing).
  - Ratios are basis points from 0 to 10,000: offset cap (default 500 = 5 %), pre-allocation (7000), shortfall floor (8000).
  - A new deadline lies ahead of the block time; a cycle changes only before its current deadline.
  - A new cycle names its deadline and vintages; re-setting a cycle changes only the fields the transaction names.
  - Each year's pre-allocation ratio is the cycle's: 7000 bp by default for 2023 and 2024 (S3); from 2025 the MEE
    names it (the 2025 draft says ≤ 5000).
  - Per-sector allocation rules are cycle data: sector_rules maps a sector to {pre_allocation_bp, final: plan|verified};
    by default 2024 gives steel, cement and aluminium no pre-allocation and their verified emissions at the true-up.
  - Optional ccer_registered_after (YYYY-MM-DD): a CCER offsets the year only if its project was registered after it.

  Background:
    Given vintages CEA-2023, CEA-2024, CEA-2025

  Rule: only the MEE sets a compliance cycle

    Scenario: the MEE sets the 2024 cycle with the default ratios
      When "MEE" sets cycle 2024: deadline "2025-12-31T23:59:59+08:00", vintages "CEA-2023,CEA-2024"
      Then the transaction succeeds
      And cycle 2024 has offset_cap_bp 500, pre_allocation_bp 7000 and shortfall_floor_bp 8000
      And cycle 2024 has deadline "2025-12-31T23:59:59+08:00" and vintages "CEA-2023,CEA-2024"

    Scenario: the registry cannot set a cycle
      When "REGISTRY" sets cycle 2024: deadline "2025-12-31T23:59:59+08:00", vintages "CEA-2024"
      Then the transaction fails with "unauthorized"

  Rule: eligible vintages are the current and earlier ones, never a later one

    Scenario Outline: a vintage around the cycle year
      When "MEE" sets cycle 2024: deadline "2025-12-31T23:59:59+08:00", vintages "<vintage>"
      Then the transaction ends with "<code>"

      Examples:
        | vintage  | code                 |
        | CEA-2023 | ok                   |
        | CEA-2024 | ok                   |
        | CEA-2025 | vintage_not_eligible |

    Scenario: a vintage that does not exist
      When "MEE" sets cycle 2024: deadline "2025-12-31T23:59:59+08:00", vintages "CEA-2024,CEA-2022"
      Then the transaction fails with "not_found"

  Rule: ratios are basis points from 0 to 10,000

    Scenario Outline: the offset cap at its bounds
      When "MEE" sets cycle 2024: deadline "2025-12-31T23:59:59+08:00", vintages "CEA-2024", offset_cap_bp <bp>
      Then the transaction ends with "<code>"

      Examples:
        | bp    | code          |
        | -1    | invalid_field |
        | 0     | ok            |
        | 1     | ok            |
        | 9999  | ok            |
        | 10000 | ok            |
        | 10001 | invalid_field |

    Scenario: the 2025 plan halves the pre-allocation
      When "MEE" sets cycle 2025: deadline "2026-12-31T23:59:59+08:00", vintages "CEA-2025", pre_allocation_bp 5000
      Then the transaction succeeds
      And cycle 2025 has offset_cap_bp 500, pre_allocation_bp 5000 and shortfall_floor_bp 8000

  Rule: a new deadline lies ahead of the block time

    Scenario: a deadline in the future
      When "MEE" sets cycle 2023: deadline "2024-12-31T23:59:59+08:00", vintages "CEA-2023"
      Then the transaction succeeds

    Scenario: a deadline already past
      When "MEE" sets cycle 2023: deadline "2023-12-31T23:59:59+08:00", vintages "CEA-2023"
      Then the transaction fails with "invalid_field"

  Rule: a cycle changes only before its deadline

    Scenario: the MEE lowers the offset cap before the deadline
      Given the MEE set cycle 2024: deadline "2025-12-31T23:59:59+08:00", vintages "CEA-2024"
      When "MEE" sets cycle 2024: deadline "2025-12-31T23:59:59+08:00", vintages "CEA-2023,CEA-2024", offset_cap_bp 300
      Then the transaction succeeds
      And cycle 2024 has offset_cap_bp 300, pre_allocation_bp 7000 and shortfall_floor_bp 8000

    Scenario Outline: extending the deadline around the current one
      Given the MEE set cycle 2024: deadline "2025-12-31T23:59:59+08:00", vintages "CEA-2024"
      When "MEE" sets cycle 2024: deadline "2026-06-30T23:59:59+08:00", vintages "CEA-2024", at <offset> ms from the deadline
      Then the transaction ends with "<code>"

      Examples:
        | offset | code            |
        | -1     | ok              |
        | 0      | deadline_passed |
        | 1      | deadline_passed |

  Rule: re-setting a cycle changes only the fields the transaction names

    Scenario Outline: a ratio set before survives a re-set that does not name it (regression: it was reset to its default)
      Given the MEE set cycle 2024: deadline "2025-12-31T23:59:59+08:00", vintages "CEA-2024", with <ratio> <bp>
      When "MEE" re-sets cycle 2024 with only deadline "2026-06-30T23:59:59+08:00"
      Then the transaction succeeds
      And cycle 2024 keeps <ratio> <bp>
      And cycle 2024 keeps deadline "2026-06-30T23:59:59+08:00"

      Examples:
        | ratio              | bp   |
        | offset_cap_bp      | 300  |
        | pre_allocation_bp  | 6000 |
        | shortfall_floor_bp | 9000 |

    Scenario: naming only a ratio keeps the deadline and the vintages
      Given the MEE set cycle 2024: deadline "2025-12-31T23:59:59+08:00", vintages "CEA-2023,CEA-2024"
      When "MEE" re-sets cycle 2024 with only offset_cap_bp 300
      Then the transaction succeeds
      And cycle 2024 has offset_cap_bp 300, pre_allocation_bp 7000 and shortfall_floor_bp 8000
      And cycle 2024 has deadline "2025-12-31T23:59:59+08:00" and vintages "CEA-2023,CEA-2024"

    Scenario Outline: a new cycle names its deadline and vintages
      When "MEE" re-sets cycle 2024 with only <field> <value>
      Then the transaction fails with "invalid_field"
      And the message says "cycle 2024 is new: name <missing>"

      Examples:
        | field             | value                       | missing            |
        | deadline          | "2025-12-31T23:59:59+08:00" | eligible_vintages  |
        | eligible_vintages | ["CEA-2024"]                | deadline           |

  Rule: each year's pre-allocation ratio is the cycle's; from 2025 the MEE names it

    Scenario Outline: a new cycle with or without its ratio
      When "MEE" sets cycle <year>: deadline "<deadline>", vintages "CEA-<year>"<ratio>
      Then the transaction ends with "<code>"

      Examples:
        | year | deadline                  | ratio                     | code          |
        | 2023 | 2024-12-31T23:59:59+08:00 |                           | ok            |
        | 2024 | 2025-12-31T23:59:59+08:00 |                           | ok            |
        | 2025 | 2026-12-31T23:59:59+08:00 |                           | invalid_field |
        | 2025 | 2026-12-31T23:59:59+08:00 | , pre_allocation_bp 5000  | ok            |

    Scenario Outline: the 2025 ratio at its bounds
      When "MEE" sets cycle 2025: deadline "2026-12-31T23:59:59+08:00", vintages "CEA-2025", pre_allocation_bp <bp>
      Then the transaction ends with "<code>"

      Examples:
        | bp    | code          |
        | -1    | invalid_field |
        | 0     | ok            |
        | 10000 | ok            |
        | 10001 | invalid_field |

  Rule: per-sector allocation rules are cycle data

    Scenario: the 2024 cycle gives the newly covered sectors their verified emissions
      When "MEE" sets cycle 2024: deadline "2025-12-31T23:59:59+08:00", vintages "CEA-2024"
      Then the transaction succeeds
      And the steel rule of cycle 2024 is pre_allocation_bp 0, final "verified"
      And the aluminium rule of cycle 2024 is pre_allocation_bp 0, final "verified"
      And the power rule of cycle 2024 is pre_allocation_bp 7000, final "plan"

    Scenario: the MEE sets a sector's rule for 2025
      When "MEE" sets cycle 2025 with pre_allocation_bp 5000 and the cement rule pre_allocation_bp 3000, final "plan"
      Then the transaction succeeds
      And the cement rule of cycle 2025 is pre_allocation_bp 3000, final "plan"
      And the steel rule of cycle 2025 is pre_allocation_bp 5000, final "plan"

    Scenario Outline: a sector rule that is not one
      When "MEE" sets cycle 2025 with pre_allocation_bp 5000 and the <sector> rule pre_allocation_bp <bp>, final "<final>"
      Then the transaction fails with "invalid_field"

      Examples:
        | sector | bp    | final    |
        | coal   | 3000  | plan     |
        | steel  | 10001 | plan     |
        | steel  | 3000  | estimate |

  Rule: the CCER eligibility date is optional cycle data

    Scenario: the MEE names the date after which a CCER's project must be registered
      Given the MEE set cycle 2025: deadline "2026-12-31T23:59:59+08:00", vintages "CEA-2025", with pre_allocation_bp 5000
      When "MEE" re-sets cycle 2025 with only ccer_registered_after "2024-01-22"
      Then the transaction succeeds
      And cycle 2025 keeps ccer_registered_after "2024-01-22"
      And cycle 2025 keeps offset_cap_bp 500

    Scenario Outline: a date that is not one
      Given the MEE set cycle 2025: deadline "2026-12-31T23:59:59+08:00", vintages "CEA-2025", with pre_allocation_bp 5000
      When "MEE" re-sets cycle 2025 with only ccer_registered_after <value>
      Then the transaction fails with "invalid_field"

      Examples:
        | value          |
        | "2024-02-30"   |
        | "2024/01/22"   |
        | 20240122       |
