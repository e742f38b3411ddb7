Feature: Designate an entity for forced compliance (强制履约)
  - The entity's own province designates a risky or defaulting key emitting entity for a year, giving its reason.
  - From then on the entity's allocation of that year goes to the province's account (see allocate.feature).
  - The designation comes before any of the year's allowances reached the entity itself.
  - An entity is designated once per year.
  - Besides those the province designates, an entity whose verified emissions of the previous year (recorded, not
    exempt) were not covered by that cycle's deadline is designated by rule: its next allocation after the deadline
    goes to the province, and the record says it was automatic (S3 §五(四)).
  - Units issued to the province's account for a forced entity are earmarked for it: transfers and cancellations
    take only available units, so only its forced surrender, its release or a true-up take-back moves them.

  Background:
    Given entity "E1" of province "11"
    And the 2024 cycle with deadline "2025-12-31T23:59:59+08:00"

  Rule: the entity's own province designates it

    Scenario: the province designates an entity
      When "PROV-11" designates "E1" for forced compliance in 2024 because "overdue 2023 surrender"
      Then the transaction succeeds
      And "E1" is designated for forced compliance in 2024 because "overdue 2023 surrender"

    Scenario Outline: nobody else designates it
      When "<signer>" designates "E1" for forced compliance in 2024 because "risk"
      Then the transaction fails with "unauthorized"

      Examples:
        | signer   |
        | PROV-31  |
        | REGISTRY |
        | MEE      |
        | E1       |

  Rule: only a key emitting entity is designated

    Scenario: an entity is designated
      When "PROV-11" designates "E1" for forced compliance in 2024 because "risk"
      Then the transaction succeeds

    Scenario: another institution is not designated
      Given holder "H1"
      When "PROV-11" designates "H1" for forced compliance in 2024 because "risk"
      Then the transaction fails with "not_eligible"

  Rule: the designation comes before any allowance of the year reached the entity

    Scenario: the designation before the pre-allocation sends it to the province
      Given "PROV-11" designated "E1" for forced compliance in 2024
      When "E1" is pre-allocated 2024 on a basis of 1000 t
      Then the transaction succeeds
      And "PROV-11" holds 700 t earmarked of CEA-2024

    Scenario Outline: a pre-allocation around the whole deduction
      Given "E1" owes a deduction of <deduction> t for 2024
      And "E1" was pre-allocated 2024 on a basis of 1000 t
      When "PROV-11" designates "E1" for forced compliance in 2024 because "risk"
      Then the transaction ends with "<code>"

      Examples:
        | deduction | code          |
        | 699       | invalid_state |
        | 700       | ok            |
        | 701       | ok            |

  Rule: an entity is designated once per year

    Scenario: each year has its own designation
      Given "PROV-11" designated "E1" for forced compliance in 2024
      When "PROV-11" designates "E1" for forced compliance in 2025 because "risk"
      Then the transaction succeeds

    Scenario: a second designation of the same year
      Given "PROV-11" designated "E1" for forced compliance in 2024
      When "PROV-11" designates "E1" for forced compliance in 2024 because "risk"
      Then the transaction fails with "already_exists"

  Rule: an entity that did not cover last year's verified emissions by the deadline is designated automatically

    Scenario Outline: what was handed in by the 2024 deadline decides where the 2025 allocation goes
      Given the 2025 cycle with deadline "2026-12-31T23:59:59+08:00" and pre_allocation_bp 5000
      And "E1" has verified emissions of 1000 t for 2024
      And "E1" handed in <surrendered> t surrendered and <offset> t offset for 2024 by the deadline
      When "E1" is pre-allocated for 2025 at "2026-01-05T10:00:00+08:00"
      Then the transaction succeeds
      And "PROV-11" holds <earmarked> t earmarked of CEA-2025
      And "E1" holds <own> t of CEA-2025

      Examples:
        | surrendered | offset | earmarked | own |
        | 998         | 1      | 500       | 0   |
        | 999         | 1      | 0         | 500 |
        | 950         | 50     | 0         | 500 |

    Scenario: the automatic designation is recorded with its reason
      Given the 2025 cycle with deadline "2026-12-31T23:59:59+08:00" and pre_allocation_bp 5000
      And "E1" has verified emissions of 1000 t for 2024
      And "E1" handed in 900 t surrendered and 0 t offset for 2024 by the deadline
      When "E1" is pre-allocated for 2025 at "2026-01-05T10:00:00+08:00"
      Then "E1" is designated for forced compliance in 2025 automatically because "automatic: 2024 verified emissions 1000 t not covered by the deadline 2025-12-31T23:59:59+08:00 (handed in 900 t)"
      And the 2025 record of "E1" has to_province 500, allocated 500

    Scenario Outline: the designation follows the 2024 deadline, not before it
      Given the 2025 cycle with deadline "2026-12-31T23:59:59+08:00" and pre_allocation_bp 5000
      And "E1" has verified emissions of 1000 t for 2024
      And "E1" handed in 900 t surrendered and 0 t offset for 2024 by the deadline
      When "E1" is pre-allocated for 2025 at "<time>"
      Then the transaction succeeds
      And "PROV-11" holds <earmarked> t earmarked of CEA-2025

      Examples:
        | time                          | earmarked |
        | 2025-12-31T23:59:58.999+08:00 | 0         |
        | 2025-12-31T23:59:59+08:00     | 0         |
        | 2025-12-31T23:59:59.001+08:00 | 500       |

    Scenario: a late surrender does not undo the automatic designation
      Given the 2025 cycle with deadline "2026-12-31T23:59:59+08:00" and pre_allocation_bp 5000
      And "E1" has verified emissions of 1000 t for 2024
      And "E1" handed in 900 t surrendered and 0 t offset for 2024 by the deadline
      And "E1" surrendered 100 t late for 2024
      When "E1" is pre-allocated for 2025 at "2026-01-05T10:00:00+08:00"
      Then "PROV-11" holds 500 t earmarked of CEA-2025

    Scenario Outline: an exempt entity, or one without recorded emissions, is not designated by rule
      Given the 2025 cycle with deadline "2026-12-31T23:59:59+08:00" and pre_allocation_bp 5000
      And the 2024 record of "E1" is <record>
      When "E1" is pre-allocated for 2025 at "2026-01-05T10:00:00+08:00"
      Then the transaction ends with "<code>"
      And "PROV-11" holds 0 t earmarked of CEA-2025

      Examples:
        | record                  | code                   |
        | exempt with 1000 t      | ok                     |
        | without verified tonnes | emissions_not_recorded |

    Scenario: a true-up after the deadline designates too: the rest goes to the province
      Given the 2025 cycle with deadline "2026-12-31T23:59:59+08:00" and pre_allocation_bp 5000
      And "E1" has verified emissions of 1000 t for 2024
      And "E1" handed in 900 t surrendered and 0 t offset for 2024 by the deadline
      And "E1" was pre-allocated for 2025 at "2025-06-30T10:00:00+08:00"
      And "E1" has verified emissions of 1000 t for 2025
      When "E1" is trued up for 2025 to "1000" at "2026-01-05T10:00:00+08:00"
      Then the transaction succeeds
      And "E1" holds 500 t of CEA-2025
      And "PROV-11" holds 500 t earmarked of CEA-2025
      And the 2025 record of "E1" has to_province 500, allocated 1000

    Scenario: a province still designates an entity that complied
      Given the 2025 cycle with deadline "2026-12-31T23:59:59+08:00" and pre_allocation_bp 5000
      When "PROV-11" designates "E1" for forced compliance in 2025 because "risk"
      Then the transaction succeeds

  Rule: units issued to the province for a forced entity are earmarked: only its forced surrender or release moves them

    Scenario: the province and the exchange cannot transfer them away (regression: they could)
      Given entity "E2" of province "11"
      And "PROV-11" designated "E1" for forced compliance in 2024
      And "E1" was pre-allocated 2024 on a basis of 1000 t
      When "PROV-11" and "EXCHANGE" settle a transfer of 100 t of CEA-2024 to "E2" under trade "T-1"
      Then the transaction fails with "insufficient_holding"
      And "PROV-11" holds 700 t earmarked of CEA-2024

    Scenario: nor name their serials
      Given entity "E2" of province "11"
      And "PROV-11" designated "E1" for forced compliance in 2024
      And "E1" was pre-allocated 2024 on a basis of 1000 t
      When "PROV-11" and "EXCHANGE" settle a transfer of serials 1-100 of CEA-2024 to "E2" under trade "T-1"
      Then the transaction fails with "range_not_held"

    Scenario: the province cannot cancel them
      Given "PROV-11" designated "E1" for forced compliance in 2024
      And "E1" was pre-allocated 2024 on a basis of 1000 t
      When "PROV-11" cancels 100 t of CEA-2024
      Then the transaction fails with "insufficient_holding"

    Scenario: units the province holds for itself still move
      Given entity "E2" of province "11"
      And "PROV-11" designated "E1" for forced compliance in 2024
      And "E1" was pre-allocated 2024 on a basis of 1000 t
      And other entities' 100 t of CEA-2024 are also in "PROV-11"
      When "PROV-11" and "EXCHANGE" settle a transfer of 100 t of CEA-2024 to "E2" under trade "T-1"
      Then the transaction succeeds
      And "PROV-11" holds 700 t earmarked of CEA-2024
      And "E2" holds 100 t of CEA-2024
