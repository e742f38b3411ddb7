Feature: Allocate a key emitting entity's free allowances (pre-allocation and true-up)
  - The entity's own province and the registry both sign (maker–checker); the account is a key emitting entity.
  - The instrument is the allocation year's own CEA vintage, and the year's compliance cycle exists.
  - Pre-allocation: the entity's verified emissions of the previous year, as recorded on the ledger (never a number
    the transaction supplies), × the cycle's pre_allocation_bp for its sector (70 % for 2023–2024), rounded down;
    once per entity and year, and only before the year's true-up.
  - Per-sector rules are cycle data: in 2024 steel, cement and aluminium get no pre-allocation and a final
    allocation equal to their verified emissions (the true-up body then omits final_allocation).
  - Last year's unpaid shortfall (the deduction) is cut from the allocation, never below 0 t, and never refunded.
  - True-up: needs the year's verified emissions; the final allocation, rounded down to whole tonnes, raised to the
    floor (80 %) of verified emissions; the difference to what was allocated is issued, or taken back from the
    lowest available serials to WITHDRAWN.
  - The floor holds whatever the order: an upward correction of verified emissions after the true-up issues the top-up.
  - For an entity under forced compliance the units go to, and come back from, the province's account, earmarked
    for the entity (see designate_forced_compliance.feature).
  (A step "on a basis of N t" records the previous year's verified emissions as N t before the transaction.)

  Background:
    Given entity "E1" of province "11"
    And entity "E2" of province "11"
    And the 2024 cycle with deadline "2025-12-31T23:59:59+08:00"

  Rule: the entity's own province and the registry both sign

    Scenario: the province and the registry pre-allocate
      When "E1" is pre-allocated 2024 on a basis of 100000 t, signed by "PROV-11,REGISTRY"
      Then the transaction succeeds
      And "E1" holds serials 1-70000 of CEA-2024
      And the 2024 record of "E1" has pre_allocated 70000, allocated 70000, to_province 0
      And an issue of 70000 t to "E1" with reason "pre_allocation"

    Scenario Outline: one signature, or the wrong one, is not enough
      When "E1" is pre-allocated 2024 on a basis of 100000 t, signed by "<signers>"
      Then the transaction fails with "unauthorized"

      Examples:
        | signers          |
        | PROV-11          |
        | REGISTRY         |
        | PROV-31,REGISTRY |
        | MEE,REGISTRY     |
        | PROV-11,MEE      |

  Rule: only a key emitting entity receives an allocation

    Scenario: an entity is allocated
      When "E2" is pre-allocated 2024 on a basis of 10 t
      Then the transaction succeeds
      And "E2" holds 7 t of CEA-2024

    Scenario: another institution is not allocated
      Given holder "H1"
      When "H1" is pre-allocated 2024 on a basis of 10 t
      Then the transaction fails with "not_eligible"

  Rule: the instrument is the allocation year's own vintage

    Scenario: the 2024 allocation in CEA-2024
      When "E1" is pre-allocated 2024 on a basis of 10 t, in CEA-2024
      Then the transaction succeeds

    Scenario: the 2024 allocation in an earlier vintage
      Given vintage CEA-2023
      When "E1" is pre-allocated 2024 on a basis of 10 t, in CEA-2023
      Then the transaction fails with "vintage_not_eligible"

    Scenario: the 2024 allocation in a vintage that does not exist
      When "E1" is pre-allocated 2024 on a basis of 10 t, in CEA-2099
      Then the transaction fails with "not_found"

  Rule: the year's compliance cycle exists

    Scenario: each year has its own pre-allocation
      Given the 2025 cycle with deadline "2026-12-31T23:59:59+08:00" and pre_allocation_bp 5000
      And "E1" was pre-allocated 2024 on a basis of 1000 t
      When "E1" is pre-allocated 2025 on a basis of 1000 t
      Then the transaction succeeds
      And "E1" holds 500 t of CEA-2025

    Scenario: no allocation before the MEE sets the cycle
      Given vintage CEA-2025
      When "E1" is pre-allocated 2025 on a basis of 1000 t
      Then the transaction fails with "not_found"

  Rule: the pre-allocation basis is the previous year's verified emissions recorded on the ledger

    Scenario: the province's record of last year is the basis
      Given the 2023 cycle with deadline "2024-12-31T23:59:59+08:00"
      And the verified emissions of "E1" for 2023 are 1000 t
      When "E1" is pre-allocated for 2024
      Then the transaction succeeds
      And "E1" holds 700 t of CEA-2024
      And the 2024 record of "E1" has pre_allocation_basis 1000, pre_allocated 700

    Scenario: without last year's verified emissions there is no pre-allocation
      When "E1" is pre-allocated for 2024
      Then the transaction fails with "emissions_not_recorded"
      And the message says "its verified emissions of 2023, is not recorded"

    Scenario: a basis the transaction supplies is refused
      Given "E1" has verified emissions of 1000 t for 2023
      When "E1" is pre-allocated for 2024 with basis_t 100000
      Then the transaction fails with "invalid_field"
      And the message says "basis_t is not given"

    Scenario Outline: rounding down to whole tonnes
      When "E1" is pre-allocated 2024 on a basis of <basis> t
      Then the transaction succeeds
      And "E1" holds <issued> t of CEA-2024

      Examples:
        | basis | issued |
        | 1000  | 700    |
        | 1001  | 700    |
        | 1002  | 701    |

  Rule: one pre-allocation per entity and year, and only before the year's true-up

    Scenario: a second pre-allocation of the same year
      Given "E1" was pre-allocated 2024 on a basis of 1000 t
      When "E1" is pre-allocated 2024 on a basis of 1000 t
      Then the transaction fails with "already_pre_allocated"

    Scenario: a pre-allocation after the true-up issues nothing more (regression: it issued both)
      Given "E1" has verified emissions of 1000 t for 2023
      And the verified emissions of "E1" for 2024 are 1000 t
      And "E1" was trued up for 2024 to "900"
      When "E1" is pre-allocated for 2024
      Then the transaction fails with "already_trued_up"
      And "E1" holds 900 t of CEA-2024

  Rule: per-sector rules are cycle data (2024: steel, cement and aluminium get their verified emissions at the true-up)

    Scenario Outline: a newly covered sector gets no pre-allocation in 2024
      Given a <sector> entity "S1" of province "11"
      When "S1" is pre-allocated 2024 on a basis of 1000 t
      Then the transaction ends with "<code>"

      Examples:
        | sector    | code         |
        | power     | ok           |
        | steel     | not_eligible |
        | cement    | not_eligible |
        | aluminium | not_eligible |

    Scenario: the true-up of a steel entity issues exactly its verified emissions
      Given a steel entity "S1" of province "11"
      And the verified emissions of "S1" for 2024 are 1000 t
      When "S1" is trued up for 2024
      Then the transaction succeeds
      And "S1" holds 1000 t of CEA-2024
      And the 2024 record of "S1" has allocated 1000, final_allocation 1000

    Scenario: a steel true-up may not name its own final allocation
      Given a steel entity "S1" of province "11"
      And the verified emissions of "S1" for 2024 are 1000 t
      When "S1" is trued up for 2024 to "1000"
      Then the transaction fails with "invalid_field"
      And the message says "omit final_allocation"

    Scenario: a power true-up names its final allocation
      Given the verified emissions of "E1" for 2024 are 1000 t
      When "E1" is trued up for 2024
      Then the transaction fails with "invalid_field"
      And the message says "names final_allocation"

    Scenario: a later cycle sets its own sector rules
      Given a steel entity "S1" of province "11"
      And the MEE sets the 2025 cycle with pre_allocation_bp 4000 and steel at 5000 bp
      When "S1" is pre-allocated 2025 on a basis of 1000 t
      Then the transaction succeeds
      And "S1" holds 500 t of CEA-2025

  Rule: last year's unpaid shortfall is deducted, never below zero

    Scenario Outline: a deduction around the pre-allocation
      Given "E1" owes a deduction of <deduction> t for 2024
      When "E1" is pre-allocated 2024 on a basis of 1000 t
      Then the transaction succeeds
      And "E1" holds <issued> t of CEA-2024
      And the 2024 record of "E1" has pre_allocated <issued>, allocated <issued>, deduction_applied <applied>

      Examples:
        | deduction | issued | applied |
        | 699       | 1      | 699     |
        | 700       | 0      | 700     |
        | 701       | 0      | 700     |

    Scenario: the true-up does not refund the deduction
      Given "E1" owes a deduction of 200 t for 2024
      And "E1" was pre-allocated 2024 on a basis of 1000 t
      And the verified emissions of "E1" for 2024 are 1000 t
      When "E1" is trued up for 2024 to "1000"
      Then the transaction succeeds
      And "E1" holds 800 t of CEA-2024
      And the 2024 record of "E1" has pre_allocated 500, allocated 800, deduction_applied 200

  Rule: the true-up brings the allocation to the final amount, rounded down

    Scenario Outline: the final allocation around what was pre-allocated
      Given "E1" was pre-allocated 2024 on a basis of 1000 t
      And the verified emissions of "E1" for 2024 are 500 t
      When "E1" is trued up for 2024 to "<final>"
      Then the transaction succeeds
      And "E1" holds <holds> t of CEA-2024
      And the 2024 record of "E1" has allocated <holds>
      And the transaction has <events> events

      Examples:
        | final      | holds | events |
        | 699.999999 | 699   | 2      |
        | 700        | 700   | 0      |
        | 701.5      | 701   | 2      |

    Scenario Outline: a final allocation that is not a decimal string of tonnes
      When "E1" is trued up for 2024 to "<final>"
      Then the transaction fails with "invalid_field"

      Examples:
        | final       |
        | 700.1234567 |
        | -700        |
        | 7e2         |
        | 0700        |

  Rule: the true-up needs the year's verified emissions and raises the allocation to their floor

    Scenario Outline: a final allocation around 80 % of verified emissions
      Given the verified emissions of "E1" for 2024 are 1000 t
      When "E1" is trued up for 2024 to "<final>"
      Then the transaction succeeds
      And "E1" holds <holds> t of CEA-2024

      Examples:
        | final | holds |
        | 799   | 800   |
        | 800   | 800   |
        | 801   | 801   |

    Scenario: without verified emissions there is no true-up (regression: it skipped the floor)
      When "E1" is trued up for 2024 to "799"
      Then the transaction fails with "emissions_not_recorded"
      And "E1" holds 0 t of CEA-2024

  Rule: the floor holds whatever the order of the transactions

    Scenario Outline: an upward correction after the true-up tops the allocation up to the floor
      Given the verified emissions of "E1" for 2024 are 1000 t
      And "E1" was trued up for 2024 to "800"
      When the province corrects the verified emissions of "E1" for 2024 to <verified> t
      Then the transaction succeeds
      And "E1" holds <holds> t of CEA-2024
      And the 2024 record of "E1" has allocated <holds>

      Examples:
        | verified | holds |
        | 1001     | 800   |
        | 1002     | 801   |
        | 1500     | 1200  |

    Scenario: the top-up is issued with its own reason
      Given the verified emissions of "E1" for 2024 are 1000 t
      And "E1" was trued up for 2024 to "800"
      When the province corrects the verified emissions of "E1" for 2024 to 1250 t
      Then an issue of 200 t to "E1" with reason "floor_top_up"

    Scenario: a downward correction after the true-up takes nothing back
      Given the verified emissions of "E1" for 2024 are 1000 t
      And "E1" was trued up for 2024 to "800"
      When the province corrects the verified emissions of "E1" for 2024 to 500 t
      Then the transaction succeeds
      And "E1" holds 800 t of CEA-2024

    Scenario: a correction before the true-up issues nothing until the true-up
      Given "E1" was pre-allocated 2024 on a basis of 1000 t
      And the verified emissions of "E1" for 2024 are 1000 t
      When the province corrects the verified emissions of "E1" for 2024 to 1500 t
      Then the transaction succeeds
      And "E1" holds 700 t of CEA-2024

    Scenario: a steel entity's allocation follows its corrected verified emissions
      Given a steel entity "S1" of province "11"
      And the verified emissions of "S1" for 2024 are 1000 t
      And "S1" was trued up for 2024
      When the province corrects the verified emissions of "S1" for 2024 to 1100 t
      Then the transaction succeeds
      And "S1" holds 1100 t of CEA-2024

  Rule: a take-back withdraws the lowest available serials

    Scenario: the allocation above the final amount is withdrawn
      Given "E1" was pre-allocated 2024 on a basis of 1000 t
      And the verified emissions of "E1" for 2024 are 500 t
      When "E1" is trued up for 2024 to "600"
      Then the transaction succeeds
      And "E1" holds serials 101-700 of CEA-2024
      And "WITHDRAWN" holds serials 1-100 of CEA-2024
      And a move of 100 t from "E1" to "WITHDRAWN" with reason "true_up_withdrawal"

    Scenario Outline: a take-back around what the entity still holds
      Given "E1" was pre-allocated 2024 on a basis of 1000 t
      And the verified emissions of "E1" for 2024 are 500 t
      And "E1" transferred <sold> t of CEA-2024 to "E2"
      When "E1" is trued up for 2024 to "600"
      Then the transaction ends with "<code>"

      Examples:
        | sold | code                 |
        | 599  | ok                   |
        | 600  | ok                   |
        | 601  | insufficient_holding |

  Rule: a closed account receives no allocation

    Scenario: a restricted entity still receives its allocation
      Given the registry sets "E1" to restricted
      When "E1" is pre-allocated 2024 on a basis of 1000 t
      Then the transaction succeeds

    Scenario: a closed entity receives nothing
      Given the registry sets "E1" to closed
      When "E1" is pre-allocated 2024 on a basis of 1000 t
      Then the transaction fails with "account_closed"

  Rule: for forced compliance the allocation goes to the province's account, earmarked for the entity

    Scenario: the pre-allocation of a designated entity goes to the province
      Given "E1" is designated for forced compliance in 2024
      When "E1" is pre-allocated 2024 on a basis of 1000 t
      Then the transaction succeeds
      And "PROV-11" holds 700 t earmarked of CEA-2024
      And "PROV-11" holds 0 t of CEA-2024
      And "E1" holds 0 t of CEA-2024
      And the 2024 record of "E1" has allocated 700, to_province 700

    Scenario: the true-up of a designated entity tops up and takes back at the province
      Given "E1" is designated for forced compliance in 2024
      And "E1" was pre-allocated 2024 on a basis of 1000 t
      And the verified emissions of "E1" for 2024 are 500 t
      When "E1" is trued up for 2024 to "650"
      Then the transaction succeeds
      And "PROV-11" holds 650 t earmarked of CEA-2024
      And the 2024 record of "E1" has allocated 650, to_province 650

    Scenario: the floor's top-up of a designated entity is earmarked at the province
      Given "E1" is designated for forced compliance in 2024
      And the verified emissions of "E1" for 2024 are 1000 t
      And "E1" was trued up for 2024 to "800"
      When the province corrects the verified emissions of "E1" for 2024 to 1250 t
      Then the transaction succeeds
      And "PROV-11" holds 1000 t earmarked of CEA-2024
      And the 2024 record of "E1" has allocated 1000, to_province 1000
