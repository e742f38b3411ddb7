Feature: Execute a carry-over application (S3 annex 5)
  - The registry signs, once per application: the entity's account and the application's number (1, 2, …).
  - The exact old-vintage serials that application froze move to the terminal account WITHDRAWN.
  - An equal amount of the target vintage (CEA-2025) is issued to the entity; both with reason "carryover".
  - Each application is executed on its own: another application's frozen units stay frozen.
  - If the frozen serials are no longer there (a court deduction took them), nothing happens.

  Background:
    Given vintages CEA-2019-2020,CEA-2023,CEA-2024,CEA-2025
    And entity "E1" of province "11"
    And "E1" complied on time in 2023 and 2024
    And "E1" holds 2000 t of CEA-2019-2020
    And "E1" holds 3000 t of CEA-2023
    And "MEE" has issued the carry-over notice
    And the snapshot is taken
    And "E1" has applied to carry over 2500 t

  Rule: the registry executes the application

    Scenario: the registry withdraws the frozen units and issues the target vintage
      When "REGISTRY" executes carry-over application 1 of "E1"
      Then the transaction succeeds
      And "WITHDRAWN" holds 2000 t of CEA-2019-2020 and 500 t of CEA-2023
      And "E1" holds 2500 t of CEA-2025, and 2500 t available and 0 t frozen of old vintages
      And every event of the execution has reason "carryover"
      And application 1 of "E1" is executed

    Scenario Outline: no one else executes the carry-over
      When "<signer>" executes carry-over application 1 of "E1"
      Then the transaction fails with "unauthorized"

      Examples:
        | signer  |
        | E1      |
        | MEE     |
        | PROV-11 |

  Rule: only an application is executed

    Scenario: the applicant's carry-over is executed
      When "REGISTRY" executes carry-over application 1 of "E1"
      Then the transaction succeeds

    Scenario: an entity that did not apply has nothing to execute
      Given entity "E2" of province "11"
      When "REGISTRY" executes carry-over application 1 of "E2"
      Then the transaction fails with "not_found"

    Scenario: an application number the entity never made is not found
      When "REGISTRY" executes carry-over application 2 of "E1"
      Then the transaction fails with "not_found"

  Rule: each application is executed on its own, once

    Scenario: the second application is executed, the first stays frozen
      Given "E1" has applied to carry over 1000 t
      When "REGISTRY" executes carry-over application 2 of "E1"
      Then the transaction succeeds
      And "E1" holds 1000 t of CEA-2025, and 1500 t available and 2500 t frozen of old vintages
      And application 1 of "E1" is not executed

    Scenario: both applications executed carry over their sum
      Given "E1" has applied to carry over 1000 t
      And "REGISTRY" has executed carry-over application 1 of "E1"
      When "REGISTRY" executes carry-over application 2 of "E1"
      Then the transaction succeeds
      And "E1" holds 3500 t of CEA-2025, and 1500 t available and 0 t frozen of old vintages

    Scenario: a second execution is refused
      Given "REGISTRY" has executed carry-over application 1 of "E1"
      When "REGISTRY" executes carry-over application 1 of "E1"
      Then the transaction fails with "already_exists"
      And "E1" holds 2500 t of CEA-2025, and 2500 t available and 0 t frozen of old vintages

  Rule: the frozen serials must still be there

    Scenario: a court deduction took some of the frozen units
      Given entity "E2" of province "11"
      And a court deducts 1 t of CEA-2019-2020 of "E1" to "E2"
      When "REGISTRY" executes carry-over application 1 of "E1"
      Then the transaction fails with "range_not_held"
