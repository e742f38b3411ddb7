Feature: Record an exemption from a year's compliance
  - The entity's own provincial authority signs, with a reason; only a key emitting entity is exempted.
  - Only for a year whose cycle the MEE has set, and only up to the deadline (judged on block time): the status is fixed then.
  - Once per entity and year.
  - The entity's status for the year becomes "X"; it can no longer surrender for that year.
  - What it had already surrendered for the year comes back as new serials ("surrender_refund"); a CCER offset is final,
    so an entity that offset cannot be exempted (offset_not_refundable).

  Background:
    Given entity "E1" of province "11"
    And the 2024 cycle with deadline "2025-12-31T23:59:59+08:00"

  Rule: the entity's own province exempts it, with a reason

    Scenario: the province exempts the entity
      When "PROV-11" exempts "E1" from 2024 because "停产关闭"
      Then the transaction succeeds
      And "E1" is exempt for 2024 because "停产关闭"
      And the status of "E1" for 2024 is "X"

    Scenario Outline: nobody else exempts it
      When "<signer>" exempts "E1" from 2024 because "停产关闭"
      Then the transaction fails with "unauthorized"

      Examples:
        | signer   |
        | PROV-31  |
        | REGISTRY |
        | MEE      |
        | E1       |

    Scenario: another institution has nothing to be exempted from
      Given holder "H1"
      When "PROV-11" exempts "H1" from 2024 because "停产关闭"
      Then the transaction fails with "not_eligible"

  Rule: only up to the deadline of a cycle the MEE has set

    Scenario Outline: an exemption around the deadline
      When "PROV-11" exempts "E1" from 2024 because "停产关闭" at <offset> ms from the deadline
      Then the transaction ends with "<code>"

      Examples:
        | offset | code            |
        | -1     | ok              |
        | 0      | ok              |
        | 1      | deadline_passed |

    Scenario: a year without a cycle has no exemption
      When "PROV-11" exempts "E1" from 2025 because "停产关闭"
      Then the transaction fails with "not_found"

  Rule: once per entity and year

    Scenario: an exemption of another year
      Given the 2025 cycle with deadline "2026-12-31T23:59:59+08:00" and pre_allocation_bp 5000
      And "PROV-11" exempted "E1" from 2024
      When "PROV-11" exempts "E1" from 2025 because "停产关闭"
      Then the transaction succeeds

    Scenario: the same exemption twice
      Given "PROV-11" exempted "E1" from 2024
      When "PROV-11" exempts "E1" from 2024 because "停产关闭"
      Then the transaction fails with "already_exists"

  Rule: what was surrendered comes back; a CCER offset does not

    Scenario: an exempted entity gets its surrendered units back
      Given "PROV-11" recorded 1000 t for "E1" in 2024
      And "E1" holds 600 t of CEA-2024
      And "E1" surrendered 600 t of CEA-2024 for 2024
      When "PROV-11" exempts "E1" from 2024 because "停产关闭"
      Then the transaction succeeds
      And 600 t of CEA-2024 were issued to "E1" as "surrender_refund"
      And "E1" has refunded 600 t and covers 0 t for 2024

    Scenario Outline: an exemption around a CCER offset
      Given "PROV-11" recorded 1000 t for "E1" in 2024
      And "E1" has offset <offset> t for 2024
      When "PROV-11" exempts "E1" from 2024 because "停产关闭"
      Then the transaction ends with "<code>"

      Examples:
        | offset | code                  |
        | 0      | ok                    |
        | 1      | offset_not_refundable |

    Scenario: an exempt entity cannot surrender
      Given "PROV-11" recorded 1000 t for "E1" in 2024
      And "E1" holds 600 t of CEA-2024
      And "PROV-11" exempted "E1" from 2024
      When "E1" surrenders 10 t of CEA-2024 for 2024
      Then the transaction fails with "no_obligation"
