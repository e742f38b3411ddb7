Feature: Record verified emissions
  - The entity's own provincial authority records the year's verified emissions, in whole tonnes ≥ 0.
  - Only a key emitting entity has verified emissions, and only for a year whose cycle the MEE has set.
  - A recorded figure may be corrected (overwritten) only before the cycle's deadline; a first, late figure is still recorded.
  - A correction below what the entity already handed in returns the excess: surrendered units never leave SURRENDERED-<year>,
    so the excess is issued to the entity as new serials of the vintages it surrendered, newest first ("surrender_refund"),
    and counted as refunded: covered = surrendered + offset + late − refunded, never above verified emissions.
  - A CCER offset is final (a published cancellation): a correction below the offset is refused (offset_not_refundable).

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

  Rule: a downward correction below what was surrendered returns the excess

    Scenario: the excess comes back as new serials of the surrendered vintage
      Given "PROV-11" recorded 1000 t for "E1" in 2024
      And "E1" holds 1000 t of CEA-2024
      And "E1" surrendered 900 t of CEA-2024 for 2024
      When "PROV-11" records 700 t for "E1" in 2024
      Then the transaction succeeds
      And 200 t of CEA-2024 were issued to "E1" as "surrender_refund"
      And the refund event reads 200 t for 2024
      And "E1" holds 300 t of CEA-2024
      And "SURRENDERED-2024" holds 900 t of CEA-2024
      And "E1" has refunded 200 t and covers 700 t for 2024

    Scenario Outline: a correction around what was handed in
      Given "PROV-11" recorded 1000 t for "E1" in 2024
      And "E1" holds 1000 t of CEA-2024
      And "E1" surrendered 900 t of CEA-2024 for 2024
      When "PROV-11" records <verified> t for "E1" in 2024
      Then the transaction succeeds
      And "E1" has refunded <refunded> t and covers <covered> t for 2024

      Examples:
        | verified | refunded | covered |
        | 899      | 1        | 899     |
        | 900      | 0        | 900     |
        | 901      | 0        | 900     |

    Scenario: the newest surrendered vintage comes back first
      Given "PROV-11" recorded 1000 t for "E1" in 2024
      And "E1" holds 100 t of CEA-2023
      And "E1" holds 100 t of CEA-2024
      And the 2024 cycle also takes CEA-2023
      And "E1" surrendered 100 t of CEA-2023 for 2024
      And "E1" surrendered 100 t of CEA-2024 for 2024
      When "PROV-11" records 50 t for "E1" in 2024
      Then the transaction succeeds
      And 100 t of CEA-2024 were issued to "E1" as "surrender_refund"
      And 50 t of CEA-2023 were issued to "E1" as "surrender_refund"

  Rule: a CCER offset is not returned

    Scenario Outline: a correction around the offset
      Given "PROV-11" recorded 1000 t for "E1" in 2024
      And "E1" has offset 40 t for 2024
      When "PROV-11" records <verified> t for "E1" in 2024
      Then the transaction ends with "<code>"

      Examples:
        | verified | code                  |
        | 39       | offset_not_refundable |
        | 40       | ok                    |
        | 41       | ok                    |

    Scenario: the refusal names the offset and the new figure
      Given "PROV-11" recorded 1000 t for "E1" in 2024
      And "E1" has offset 40 t for 2024
      When "PROV-11" records 39 t for "E1" in 2024
      Then the transaction fails with "offset_not_refundable"
      And the message says "CCER offset 40 t > new obligation 39 t"
