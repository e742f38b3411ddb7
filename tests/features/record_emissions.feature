Feature: Record verified emissions
  - The entity's own provincial authority records the year's verified emissions, in whole tonnes ≥ 0.
  - Only a key emitting entity has verified emissions, and only for a year whose cycle the MEE has set.
  - A recorded figure may be corrected (overwritten) only before the cycle's deadline; a first, late figure is still recorded.

  Background:
    Given entity "E1" of province "11"
    And the 2024 cycle with deadline "2025-12-31T23:59:59+08:00"

  Rule: the entity's own province records its verified emissions

    Scenario: the province records the verified emissions with the report reference
      When "PROV-11" records 120000 t for "E1" in 2024 with report "VR-11-2024-0001"
      Then the transaction succeeds
      And "E1" has verified emissions of 120000 t for 2024 with report "VR-11-2024-0001"

    Scenario Outline: nobody else records them
      When "<signer>" records 120000 t for "E1" in 2024
      Then the transaction fails with "unauthorized"

      Examples:
        | signer   |
        | PROV-31  |
        | REGISTRY |
        | MEE      |
        | E1       |

  Rule: only a key emitting entity has verified emissions

    Scenario: an entity's emissions are recorded
      When "PROV-11" records 1 t for "E1" in 2024
      Then the transaction succeeds

    Scenario: another institution has no emissions to record
      Given holder "H1"
      When "PROV-11" records 1 t for "H1" in 2024
      Then the transaction fails with "not_eligible"

  Rule: the year's compliance cycle exists

    Scenario: emissions of a year with a cycle
      When "PROV-11" records 500 t for "E1" in 2024
      Then the transaction succeeds

    Scenario: emissions of a year without a cycle
      When "PROV-11" records 500 t for "E1" in 2025
      Then the transaction fails with "not_found"

  Rule: verified emissions are whole tonnes, zero or more

    Scenario Outline: emissions around zero
      When "PROV-11" records <tonnes> t for "E1" in 2024
      Then the transaction ends with "<code>"

      Examples:
        | tonnes | code          |
        | -1     | invalid_field |
        | 0      | ok            |
        | 1      | ok            |

  Rule: a recorded figure is corrected only before the deadline

    Scenario: the province corrects the figure
      Given "PROV-11" recorded 120000 t for "E1" in 2024
      When "PROV-11" records 110000 t for "E1" in 2024
      Then the transaction succeeds
      And "E1" has verified emissions of 110000 t for 2024

    Scenario Outline: a correction around the deadline
      Given "PROV-11" recorded 120000 t for "E1" in 2024
      When "PROV-11" records 110000 t for "E1" in 2024, at <offset> ms from the deadline
      Then the transaction ends with "<code>"

      Examples:
        | offset | code            |
        | -1     | ok              |
        | 0      | deadline_passed |
        | 1      | deadline_passed |

    Scenario: a first figure after the deadline is still recorded
      When "PROV-11" records 120000 t for "E1" in 2024, at 1 ms from the deadline
      Then the transaction succeeds
      And "E1" has verified emissions of 120000 t for 2024
