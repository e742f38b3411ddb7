Feature: Pending offsets are released after the deadline
  - At every block whose time is after a cycle's deadline, before its transactions, the ledger returns each entity's
    CCER still pending offset for that year to its available units and deletes the year's pending offset record.
  - The release names the account, the year and the units (event "offset_released"; each move reason "offset_released").
  - What the surrender consumed stays cancelled; a freeze for a later year stays pending.

  Background:
    Given compliance cycle 2024 with deadline "2025-12-31T23:59:59+08:00" and eligible vintages CEA-2024
    And entity "E1" of province "11"
    And "E1" has verified emissions of 800 t for 2024
    And project "P1" registered on "2024-10-08"
    And "E1" holds 100 t of CCER-P1-2024 of project "P1"
    And "E1" froze 30 t of CCER-P1-2024 to offset 2024

  Rule: units still pending at the deadline are released at the first block after it

    Scenario Outline: a block around the deadline
      When a block is made at "<time>"
      Then "E1" holds <available> t available and <pending> t pending offset of CCER-P1-2024

      Examples:
        | time                      | available | pending |
        | 2025-12-31T23:59:58+08:00 | 70        | 30      |
        | 2025-12-31T23:59:59+08:00 | 70        | 30      |
        | 2026-01-01T00:00:00+08:00 | 100       | 0       |

    Scenario: the released units are available again and the record is gone
      When a block is made at "2026-01-01T00:00:00+08:00"
      Then the 2024 pending offset record of "E1" lists nothing
      And "E1" has surrendered 0 t and offset 0 t for 2024

    Scenario: the release names the account, the year and the units
      When the begin-block hooks run at "2026-01-01T00:00:00+08:00"
      Then the release event names "E1", 2024 and CCER-P1-2024 1-30, 30 t
      And every move of the release reads "offset_released"

  Rule: only what the surrender did not consume is released

    Scenario: a part surrendered stays cancelled, the rest comes back
      Given "E1" surrenders 10 t of CCER-P1-2024 for 2024
      When a block is made at "2026-01-01T00:00:00+08:00"
      Then "E1" holds 90 t available and 0 t pending offset of CCER-P1-2024
      And "CANCELLED" holds 10 t of CCER-P1-2024
      And "E1" has surrendered 0 t and offset 10 t for 2024

    Scenario: a freeze for a later year stays pending
      Given the MEE set the 2025 cycle with deadline "2026-12-31T23:59:59+08:00"
      And "E1" has verified emissions of 800 t for 2025
      And "E1" froze 20 t of CCER-P1-2024 to offset 2025
      When a block is made at "2026-01-01T00:00:00+08:00"
      Then "E1" holds 80 t available and 20 t pending offset of CCER-P1-2024
      And the 2025 pending offset record of "E1" lists CCER-P1-2024 31-50

  Rule: units a court froze out of the pending offset are not released

    Scenario: a court's freeze of pending units keeps them frozen
      Given a court moves 10 t of CCER-P1-2024 of "E1" from pending offset to frozen
      When a block is made at "2026-01-01T00:00:00+08:00"
      Then "E1" holds 90 t available and 0 t pending offset of CCER-P1-2024
      And the 2024 pending offset record of "E1" lists nothing
