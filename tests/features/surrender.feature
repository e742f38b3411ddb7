Feature: Surrender allowances for a compliance year (清缴)
  - A key emitting entity signs the surrender of its own CEA for one compliance year.
  - Only until the cycle's deadline, judged on block time.
  - Only a vintage the cycle lists as eligible, and never one later than the compliance year (no borrowing).
  - Only once verified emissions are recorded, and never more than verified emissions less what was already handed in.
  - A restricted account may still surrender (restriction stops trading, not compliance); a closed one may not.
  - Only units held and available (frozen units are not); lowest serials first unless ranges are named.
  - The units move to the terminal account SURRENDERED-<year> and count as surrendered.
  - After the deadline a surrender waits for the province's enforcement order (correction_not_open); then the entity may
    surrender against its shortfall until the order's correction deadline (责令限期改正), no later (correction_period_over).
  - Tonnes surrendered in the correction period count as late and corrected, and cancel as much of next year's deduction
    (the fine stays); what next year's allocation already deducted is issued back in next year's vintage ("deduction_restored"),
    where that allocation went (a defaulter's next allocation goes to its province's account, earmarked: S3 §五(四)).

  Background:
    Given compliance cycle 2024 with deadline "2025-12-31T23:59:59+08:00" and eligible vintages CEA-2023,CEA-2024,CEA-2025
    And entity "E1" of province "11"
    And "E1" holds 1000 t of CEA-2024
    And "E1" holds 500 t of CEA-2023
    And "E1" holds 100 t of CEA-2025
    And "E1" has verified emissions of 800 t for 2024

  Rule: the entity signs its own surrender

    Scenario: the entity surrenders part of its obligation
      When "E1" surrenders 300 t of CEA-2024 for 2024, signed by "E1"
      Then the transaction succeeds
      And "SURRENDERED-2024" holds 300 t of CEA-2024
      And "E1" holds 700 t of CEA-2024
      And "E1" has surrendered 300 t for 2024

    Scenario: another participant cannot surrender the entity's units
      Given entity "E2" of province "11"
      When "E1" surrenders 300 t of CEA-2024 for 2024, signed by "E2"
      Then the transaction fails with "unauthorized"

  Rule: a restricted account may still surrender, a closed one may not

    Scenario: a restricted entity surrenders
      Given the registry sets "E1" to restricted
      When "E1" surrenders 100 t of CEA-2024 for 2024, signed by "E1"
      Then the transaction succeeds

    Scenario: a closed account cannot surrender
      Given entity "E2" of province "11"
      And "E2" has verified emissions of 10 t for 2024
      And the registry sets "E2" to closed
      When "E2" surrenders 10 t of CEA-2024 for 2024, signed by "E2"
      Then the transaction fails with "account_closed"

  Rule: surrender ends at the cycle's deadline, unless the province's order opens a correction period

    Scenario Outline: a surrender around the deadline
      When "E1" surrenders 100 t of CEA-2024 for 2024, signed by "E1" at "<time>"
      Then the transaction ends with "<code>"

      Examples:
        | time                      | code                |
        | 2025-12-31T23:59:58+08:00 | ok                  |
        | 2025-12-31T23:59:59+08:00 | ok                  |
        | 2026-01-01T00:00:00+08:00 | correction_not_open |

    Scenario: a surrender after the deadline waits for the province's enforcement order
      When "E1" surrenders 100 t of CEA-2024 for 2024, signed by "E1" at "2026-01-02T09:00:00+08:00"
      Then the transaction fails with "correction_not_open"
      And the message says "waits for the province's enforcement order (责令限期改正)"

    Scenario Outline: a surrender around the correction deadline
      Given "PROV-11" ordered "E1" to correct its 2024 shortfall by "2026-03-31T23:59:59+08:00"
      When "E1" surrenders 100 t of CEA-2024 for 2024, signed by "E1" at "<time>"
      Then the transaction ends with "<code>"

      Examples:
        | time                      | code                   |
        | 2026-03-31T23:59:58+08:00 | ok                     |
        | 2026-03-31T23:59:59+08:00 | ok                     |
        | 2026-04-01T00:00:00+08:00 | correction_period_over |

    Scenario: a surrender in the correction period counts as late and corrected
      Given "PROV-11" ordered "E1" to correct its 2024 shortfall by "2026-03-31T23:59:59+08:00"
      When "E1" surrenders 300 t of CEA-2024 for 2024, signed by "E1"
      Then the transaction succeeds
      And "E1" has surrendered 0 t, late 300 t and corrected 300 t for 2024
      And "SURRENDERED-2024" holds 300 t of CEA-2024

    Scenario: a correction covers the shortfall and no more
      Given "PROV-11" ordered "E1" to correct its 2024 shortfall by "2026-03-31T23:59:59+08:00"
      When "E1" surrenders 801 t of CEA-2024 for 2024, signed by "E1"
      Then the transaction fails with "exceeds_obligation"

  Rule: a shortfall corrected in the correction period cancels next year's deduction for the corrected tonnes

    Scenario: regression: a corrected defaulter no longer loses the deduction it corrected, and the fine stays
      Given "PROV-11" ordered "E1" to correct its 2024 shortfall by "2026-03-31T23:59:59+08:00"
      When "E1" surrenders 300 t of CEA-2024 for 2024, signed by "E1"
      Then the transaction succeeds
      And "E1" has a deduction of 500 t for 2025
      And "E1" has a shortfall of 800 t and a fine of 16000000 fen for 2024

    Scenario: a deduction next year's pre-allocation already applied is issued back, where that allocation went
      Given "PROV-11" ordered "E1" to correct its 2024 shortfall by "2026-03-31T23:59:59+08:00"
      And the MEE set the 2025 cycle with deadline "2026-12-31T23:59:59+08:00"
      And "E1" was pre-allocated 2025 on a basis of 800 t
      When "E1" surrenders 300 t of CEA-2024 for 2024, signed by "E1"
      Then the transaction succeeds
      And "E1" has a deduction of 500 t, 500 t of it applied, and an allocation of 60 t for 2025
      And "E1" holds 100 t of CEA-2025
      And 60 t of CEA-2025 were issued to "PROV-11" as "deduction_restored"

    Scenario Outline: a correction around the deduction not yet applied
      Given "PROV-11" ordered "E1" to correct its 2024 shortfall by "2026-03-31T23:59:59+08:00"
      And the MEE set the 2025 cycle with deadline "2026-12-31T23:59:59+08:00"
      And "E1" was pre-allocated 2025 on a basis of 800 t
      When "E1" surrenders <corrected> t of CEA-2024 for 2024, signed by "E1"
      Then the transaction succeeds
      And "E1" has a deduction of <deduction> t, <applied> t of it applied, and an allocation of <allocated> t for 2025

      Examples:
        | corrected | deduction | applied | allocated |
        | 239       | 561       | 560     | 0         |
        | 240       | 560       | 560     | 0         |
        | 241       | 559       | 559     | 1         |

    Scenario: a cycle the MEE has not set takes no surrender
      When "E1" surrenders 100 t of CEA-2024 for 2030, signed by "E1"
      Then the transaction fails with "not_found"

  Rule: only an eligible vintage no later than the compliance year

    Scenario Outline: a surrender of each vintage around the compliance year
      When "E1" surrenders 50 t of <vintage> for 2024, signed by "E1"
      Then the transaction ends with "<code>"

      Examples:
        | vintage  | code                 |
        | CEA-2023 | ok                   |
        | CEA-2024 | ok                   |
        | CEA-2025 | vintage_not_eligible |

    Scenario: a vintage the cycle does not list is refused
      Given "E1" holds 100 t of CEA-2022
      When "E1" surrenders 50 t of CEA-2022 for 2024, signed by "E1"
      Then the transaction fails with "vintage_not_eligible"

  Rule: verified emissions must be recorded

    Scenario: an entity with verified emissions surrenders
      When "E1" surrenders 1 t of CEA-2024 for 2024, signed by "E1"
      Then the transaction succeeds

    Scenario: an entity without verified emissions cannot surrender
      Given entity "E2" of province "11"
      And "E2" holds 100 t of CEA-2024
      When "E2" surrenders 10 t of CEA-2024 for 2024, signed by "E2"
      Then the transaction fails with "no_obligation"

    Scenario: an exempt entity cannot surrender
      Given "E1" is exempt for 2024
      When "E1" surrenders 10 t of CEA-2024 for 2024, signed by "E1"
      Then the transaction fails with "no_obligation"

  Rule: what is handed in never exceeds verified emissions

    Scenario Outline: a surrender at the edge of the obligation
      When "E1" surrenders <amount> t of CEA-2024 for 2024, signed by "E1"
      Then the transaction ends with "<code>"

      Examples:
        | amount | code               |
        | 799    | ok                 |
        | 800    | ok                 |
        | 801    | exceeds_obligation |

    Scenario: earlier surrenders and offsets count against the obligation
      Given "E1" has offset 40 t for 2024
      And "E1" surrenders 700 t of CEA-2024 for 2024, signed by "E1"
      When "E1" surrenders 61 t of CEA-2023 for 2024, signed by "E1"
      Then the transaction fails with "exceeds_obligation"
      And the message says "already handed in 740 t + surrender 61 t = 801 t > verified emissions 800 t"

  Rule: only units held and available can be surrendered

    Scenario Outline: a surrender at the edge of the holding
      When "E1" surrenders <amount> t of CEA-2023 for 2024, signed by "E1"
      Then the transaction ends with "<code>"

      Examples:
        | amount | code                 |
        | 499    | ok                   |
        | 500    | ok                   |
        | 501    | insufficient_holding |

    Scenario: the entity surrenders the serials it names
      When "E1" surrenders serials 101-200 of CEA-2024 for 2024, signed by "E1"
      Then the transaction succeeds
      And "SURRENDERED-2024" holds serials 101-200 of CEA-2024

    Scenario: serials the entity does not hold cannot be surrendered
      When "E1" surrenders serials 901-1100 of CEA-2024 for 2024, signed by "E1"
      Then the transaction fails with "range_not_held"

    Scenario: frozen units cannot be surrendered
      Given a court freezes 950 t of CEA-2024 of "E1"
      When "E1" surrenders 51 t of CEA-2024 for 2024, signed by "E1"
      Then the transaction fails with "insufficient_holding"

  Rule: surrendered units never move again

    Scenario: the units not surrendered still move
      Given "E1" surrenders serials 1-10 of CEA-2024 for 2024, signed by "E1"
      And the MEE allows bilateral transfers
      When "E1" transfers serials 11-20 of CEA-2024 to "REGISTRY"
      Then the transaction succeeds

    Scenario: surrendered units cannot be transferred back
      Given "E1" surrenders serials 1-10 of CEA-2024 for 2024, signed by "E1"
      And the MEE allows bilateral transfers
      When "E1" transfers serials 1-10 of CEA-2024 to "REGISTRY"
      Then the transaction fails with "range_not_held"

  Rule: a surrender of a CCER consumes the units pending offset for the year and cancels them with a certificate

    Scenario: the entity surrenders the CCER it froze; CEA and CCER are counted apart
      Given project "P1" registered on "2024-10-08"
      And "E1" holds 100 t of CCER-P1-2024 of project "P1"
      And "E1" froze 40 t of CCER-P1-2024 to offset 2024
      When "E1" surrenders 40 t of CCER-P1-2024 for 2024, signed by "E1"
      Then the transaction succeeds
      And "E1" holds 60 t available and 0 t pending offset of CCER-P1-2024
      And "CANCELLED" holds 40 t of CCER-P1-2024
      And the 2024 pending offset record of "E1" lists nothing
      And "E1" has surrendered 0 t and offset 40 t for 2024
      And the certificate of the transaction reads 40 t of CCER-P1-2024 for "national_ets_offset" on behalf of "E1"

    Scenario: a CCER not frozen for the year cannot be surrendered
      Given project "P1" registered on "2024-10-08"
      And "E1" holds 100 t of CCER-P1-2024 of project "P1"
      When "E1" surrenders 10 t of CCER-P1-2024 for 2024, signed by "E1"
      Then the transaction fails with "insufficient_holding"
      And the message says "freeze them first"

    Scenario Outline: a surrender around the units pending
      Given project "P1" registered on "2024-10-08"
      And "E1" holds 100 t of CCER-P1-2024 of project "P1"
      And "E1" froze 40 t of CCER-P1-2024 to offset 2024
      When "E1" surrenders <amount> t of CCER-P1-2024 for 2024, signed by "E1"
      Then the transaction ends with "<code>"

      Examples:
        | amount | code                 |
        | 39     | ok                   |
        | 40     | ok                   |
        | 41     | insufficient_holding |

    Scenario: serials frozen for another year are not this year's
      Given the MEE set the 2025 cycle with deadline "2026-12-31T23:59:59+08:00"
      And "E1" has verified emissions of 800 t for 2025
      And project "P1" registered on "2024-10-08"
      And "E1" holds 100 t of CCER-P1-2024 of project "P1"
      And "E1" froze serials 1-30 of CCER-P1-2024 to offset 2025
      When "E1" surrenders serials 1-10 of CCER-P1-2024 for 2024, signed by "E1"
      Then the transaction fails with "range_not_held"

    Scenario Outline: the cap across two surrenders (800 t verified, 500 bp: 40 t), re-checked when the cap fell
      Given project "P1" registered on "2024-10-08"
      And "E1" holds 100 t of CCER-P1-2024 of project "P1"
      And "E1" froze 25 t of CCER-P1-2024 to offset 2024
      And "E1" surrenders 25 t of CCER-P1-2024 for 2024, signed by "E1"
      And "E1" froze 15 t of CCER-P1-2024 to offset 2024
      And the cycle 2024 has offset_cap_bp <bp>
      When "E1" surrenders 15 t of CCER-P1-2024 for 2024, signed by "E1"
      Then the transaction ends with "<code>"

      Examples:
        | bp  | code                |
        | 500 | ok                  |
        | 488 | offset_cap_exceeded |

    Scenario: a second freeze above what two surrenders left under the cap
      Given project "P1" registered on "2024-10-08"
      And "E1" holds 100 t of CCER-P1-2024 of project "P1"
      And "E1" froze 25 t of CCER-P1-2024 to offset 2024
      And "E1" surrenders 25 t of CCER-P1-2024 for 2024, signed by "E1"
      And "E1" froze 15 t of CCER-P1-2024 to offset 2024
      And "E1" surrenders 15 t of CCER-P1-2024 for 2024, signed by "E1"
      When "E1" freezes 1 t of CCER-P1-2024 to offset 2024
      Then the transaction fails with "offset_cap_exceeded"
      And the message says "offset 40 t + pending 0 t + 1 t = 41 t > cap 40 t"

    Scenario: pending offset counts against the room for allowances
      Given project "P1" registered on "2024-10-08"
      And "E1" holds 100 t of CCER-P1-2024 of project "P1"
      And "E1" froze 40 t of CCER-P1-2024 to offset 2024
      When "E1" surrenders 761 t of CEA-2024 for 2024, signed by "E1"
      Then the transaction fails with "exceeds_obligation"
      And the message says "already handed in 0 t + pending offset 40 t + surrender 761 t = 801 t > verified emissions 800 t"

    Scenario: allowances and an offset together cover the emissions: status A
      Given project "P1" registered on "2024-10-08"
      And "E1" holds 100 t of CCER-P1-2024 of project "P1"
      And "E1" froze 40 t of CCER-P1-2024 to offset 2024
      And "E1" surrenders 760 t of CEA-2024 for 2024, signed by "E1"
      When "E1" surrenders 40 t of CCER-P1-2024 for 2024, signed by "E1"
      Then the transaction succeeds
      And the 2024 status of "E1" is "A" with surrendered 760 t and offset 40 t

    Scenario: a CCER surrender after the deadline is refused (the hook has released the units)
      Given project "P1" registered on "2024-10-08"
      And "E1" holds 100 t of CCER-P1-2024 of project "P1"
      And "E1" froze 40 t of CCER-P1-2024 to offset 2024
      When "E1" surrenders 40 t of CCER-P1-2024 for 2024, signed by "E1" at "2026-01-01T00:00:00+08:00"
      Then the transaction fails with "deadline_passed"
      And "E1" holds 100 t available and 0 t pending offset of CCER-P1-2024
