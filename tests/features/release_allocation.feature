Feature: Release the rest of a forced entity's allowances from the province's account
  - The registry executes the release; the entity's own provincial authority co-signs it.
  - Only for an entity designated for forced compliance, and only once its verified emissions are covered.
  - At most what was issued to the province's account for the entity, less what was force-surrendered or released already.
  - The units move from those earmarked for the entity in the province's account to the entity's own, which must be open.

  Background:
    Given compliance cycle 2024 with deadline "2025-12-31T23:59:59+08:00" and eligible vintages CEA-2024
    And entity "E1" of province "11"
    And "E1" is under forced compliance for 2024 with 600 t of CEA-2024 in "PROV-11"
    And "E1" has verified emissions of 500 t for 2024
    And the registry force-surrenders 500 t of CEA-2024 of "E1" for 2024 under order "SX-1"

  Rule: the registry and the entity's provincial authority both sign

    Scenario: the registry releases the rest on the province's signature
      When the registry releases 100 t of CEA-2024 to "E1" for 2024, signed by "REGISTRY" and "PROV-11"
      Then the transaction succeeds
      And "E1" holds 100 t of CEA-2024
      And "PROV-11" holds 0 t earmarked of CEA-2024
      And "E1" has 100 t province_released for 2024
      And the move has reason "release"

    Scenario Outline: a release without both signatures is refused
      When the registry releases 100 t of CEA-2024 to "E1" for 2024, signed by "<first>" and "<second>"
      Then the transaction fails with "unauthorized"

      Examples:
        | first    | second  |
        | REGISTRY | PROV-31 |
        | PROV-11  | E1      |

  Rule: only an entity under forced compliance has allowances to release

    Scenario: a forced entity's allowances are released
      When the registry releases 1 t of CEA-2024 to "E1" for 2024, signed by "REGISTRY" and "PROV-11"
      Then the transaction succeeds

    Scenario: an entity not under forced compliance has nothing in the province's account
      Given entity "E2" of province "11"
      And "E2" has verified emissions of 10 t for 2024
      When the registry releases 1 t of CEA-2024 to "E2" for 2024, signed by "REGISTRY" and "PROV-11"
      Then the transaction fails with "invalid_state"

  Rule: the release comes after forced compliance is complete

    Scenario: a release before the obligation is covered is refused
      Given entity "E3" of province "11"
      And "E3" is under forced compliance for 2024 with 600 t of CEA-2024 in "PROV-11"
      And "E3" has verified emissions of 800 t for 2024
      And the registry force-surrenders 500 t of CEA-2024 of "E3" for 2024 under order "SX-3"
      When the registry releases 100 t of CEA-2024 to "E3" for 2024, signed by "REGISTRY" and "PROV-11"
      Then the transaction fails with "invalid_state"
      And the message says "handed in 500 t < verified 800 t"

  Rule: at most what the province's account still holds for the entity

    Scenario Outline: a release at the edge of the entity's balance
      Given other entities' 1000 t of CEA-2024 are also in "PROV-11"
      When the registry releases <amount> t of CEA-2024 to "E1" for 2024, signed by "REGISTRY" and "PROV-11"
      Then the transaction ends with "<code>"

      Examples:
        | amount | code                 |
        | 99     | ok                   |
        | 100    | ok                   |
        | 101    | insufficient_holding |

    Scenario: what was released before counts
      Given the registry releases 60 t of CEA-2024 to "E1" for 2024, signed by "REGISTRY" and "PROV-11"
      When the registry releases 41 t of CEA-2024 to "E1" for 2024, signed by "REGISTRY" and "PROV-11"
      Then the transaction fails with "insufficient_holding"
      And the message says "PROV-11 holds 40 t for"

  Rule: the entity's account must be open

    Scenario: a closed account cannot receive the release
      Given the registry sets "E1" to closed
      When the registry releases 100 t of CEA-2024 to "E1" for 2024, signed by "REGISTRY" and "PROV-11"
      Then the transaction fails with "account_closed"
