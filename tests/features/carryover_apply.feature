Feature: Apply to carry old-vintage allowances over into CEA-2025 (S3 annex 5)
  - The entity signs its own applications, after the snapshot time and by the application deadline; it may apply several times, each application numbered 1, 2, … per entity.
  - Only an entity that complied on time in each required year (2023 and 2024) may apply.
  - Entitlement T = 10,000 t + ⌊1.5 × net sales of old vintages in 2024–2025⌋ (negative net sales count as 0), capped at the old-vintage holdings at the snapshot, frozen ones included.
  - Together the applications carry at most T: each at most what remains of it.
  - The entity chooses the old vintages: the application names instrument and amount per vintage (parts); a plain amount takes the oldest vintage first.
  - Each application is at most the old-vintage units available now (per vintage named); its units are frozen, lowest serials first.

  Background:
    Given vintages CEA-2019-2020,CEA-2023,CEA-2024,CEA-2025
    And entity "E1" of province "11"
    And "E1" complied on time in 2023 and 2024
    And "E1" holds 2000 t of CEA-2019-2020
    And "E1" holds 3000 t of CEA-2023
    And "E1" holds 6000 t of CEA-2024
    And entity "E2" of province "11"
    And "E2" complied on time in 2023 and 2024
    And "E2" holds 30000 t of CEA-2024
    And "E2" holds 1000 t of CEA-2025
    And "MEE" has issued the carry-over notice

  Rule: the entity signs its own application

    Scenario: the entity applies and its units are frozen, oldest vintage first
      Given the snapshot is taken
      When "E1" applies to carry over 2500 t, signed by "E1"
      Then the transaction succeeds
      And "E1" holds 0 t available and 2000 t frozen of CEA-2019-2020
      And "E1" holds 2500 t available and 500 t frozen of CEA-2023
      And "E1" holds 6000 t available and 0 t frozen of CEA-2024
      And the frozen CEA-2023 of "E1" are serials 1-500
      And application 1 of "E1" records 2500 t of an entitlement of 10000 t, 0 t applied before

    Scenario: another participant cannot apply for the entity
      Given the snapshot is taken
      When "E1" applies to carry over 2500 t, signed by "E2"
      Then the transaction fails with "unauthorized"

  Rule: applications open after the snapshot and close at the application deadline

    Scenario Outline: an application around the snapshot time, in the first block after it
      When "E1" applies to carry over 100 t, signed by "E1" at "<time>"
      Then the transaction ends with "<code>"

      Examples:
        | time                      | code          |
        | 2025-12-31T23:58:59+08:00 | invalid_state |
        | 2025-12-31T23:59:00+08:00 | invalid_state |
        | 2025-12-31T23:59:01+08:00 | ok            |

    Scenario Outline: an application around the application deadline
      Given the snapshot is taken
      When "E1" applies to carry over 100 t, signed by "E1" at "<time>"
      Then the transaction ends with "<code>"

      Examples:
        | time                      | code            |
        | 2026-06-10T23:59:58+08:00 | ok              |
        | 2026-06-10T23:59:59+08:00 | ok              |
        | 2026-06-11T00:00:00+08:00 | deadline_passed |

  Rule: only an entity that complied on time in each required year

    Scenario Outline: an entity that was late or short in a required year
      Given entity "E3" of province "11"
      And "E3" holds 5000 t of CEA-2024
      And "E3" complied on time in <on_time_year> only, and <other_year> was <how>
      And the snapshot is taken
      When "E3" applies to carry over 100 t, signed by "E3"
      Then the transaction fails with "not_eligible"

      Examples:
        | on_time_year | other_year | how          |
        | 2023         | 2024       | late         |
        | 2024         | 2023       | short        |
        | 2023         | 2024       | not recorded |

  Rule: at most the entitlement of 10,000 t plus 1.5 times net sales, capped at the snapshot holdings

    Scenario Outline: an application at the edge of the base entitlement
      Given the snapshot is taken
      When "E1" applies to carry over <amount> t, signed by "E1"
      Then the transaction ends with "<code>"

      Examples:
        | amount | code                |
        | 9999   | ok                  |
        | 10000  | ok                  |
        | 10001  | exceeds_entitlement |

    Scenario Outline: net sales of old vintages in 2024 and 2025 raise the entitlement
      Given "E2" sells 2000 t of CEA-2024 to "E1" at "2024-06-01T10:00:00+08:00"
      And "E2" buys 400 t of CEA-2023 from "E1" at "2025-06-01T10:00:00+08:00"
      And "E2" sells 1000 t of CEA-2025 to "E1" at "2025-07-01T10:00:00+08:00"
      And the snapshot is taken
      And "E2" sells 1000 t of CEA-2024 to "E1" at "2026-01-02T10:00:00+08:00"
      When "E2" applies to carry over <amount> t, signed by "E2"
      Then the transaction ends with "<code>"

      Examples:
        | amount | code                |
        | 12399  | ok                  |
        | 12400  | ok                  |
        | 12401  | exceeds_entitlement |

    Scenario: net purchases count as no sales
      Given "E1" sells 5000 t of CEA-2024 to "E2" at "2024-06-01T10:00:00+08:00"
      And the snapshot is taken
      When "E2" applies to carry over 10001 t, signed by "E2"
      Then the transaction fails with "exceeds_entitlement"

    Scenario Outline: the entitlement is capped at the old-vintage holdings at the snapshot
      Given entity "E3" of province "11"
      And "E3" complied on time in 2023 and 2024
      And "E3" holds 4000 t of CEA-2023
      And the snapshot is taken
      And "E3" holds 3000 t of CEA-2024
      When "E3" applies to carry over <amount> t, signed by "E3"
      Then the transaction ends with "<code>"

      Examples:
        | amount | code                |
        | 3999   | ok                  |
        | 4000   | ok                  |
        | 4001   | exceeds_entitlement |

  Rule: at most the old-vintage units available now

    Scenario Outline: an application at the edge of the current holding
      Given the snapshot is taken
      And "E1" sells 3500 t of CEA-2024 to "E2" at "2026-01-02T10:00:00+08:00"
      When "E1" applies to carry over <amount> t, signed by "E1"
      Then the transaction ends with "<code>"

      Examples:
        | amount | code                 |
        | 7499   | ok                   |
        | 7500   | ok                   |
        | 7501   | insufficient_holding |

  Rule: the entity chooses the old vintages it carries over

    Scenario: the entity names the vintages and amounts
      Given the snapshot is taken
      When "E1" applies to carry over 5000 t of CEA-2024 and 1000 t of CEA-2023, signed by "E1"
      Then the transaction succeeds
      And "E1" holds 2000 t available and 0 t frozen of CEA-2019-2020
      And "E1" holds 2000 t available and 1000 t frozen of CEA-2023
      And "E1" holds 1000 t available and 5000 t frozen of CEA-2024
      And application 1 of "E1" records 6000 t of an entitlement of 10000 t, 0 t applied before

    Scenario: a vintage that is not an old vintage of the notice is refused
      Given the snapshot is taken
      When "E2" applies to carry over 500 t of CEA-2025, signed by "E2"
      Then the transaction fails with "vintage_not_eligible"

    Scenario Outline: a part at the edge of the vintage's available holding
      Given the snapshot is taken
      When "E1" applies to carry over <amount> t of CEA-2023, signed by "E1"
      Then the transaction ends with "<code>"

      Examples:
        | amount | code                 |
        | 2999   | ok                   |
        | 3000   | ok                   |
        | 3001   | insufficient_holding |

  Rule: several applications until the deadline, together within the entitlement

    Scenario: a second application is numbered 2 and counts the first
      Given the snapshot is taken
      And "E1" has applied to carry over 100 t
      When "E1" applies to carry over 200 t, signed by "E1"
      Then the transaction succeeds
      And application 2 of "E1" records 200 t of an entitlement of 10000 t, 100 t applied before

    Scenario Outline: a later application at the edge of what remains of the entitlement
      Given the snapshot is taken
      And "E1" has applied to carry over 6000 t
      When "E1" applies to carry over <amount> t of CEA-2024, signed by "E1"
      Then the transaction ends with "<code>"

      Examples:
        | amount | code                |
        | 3999   | ok                  |
        | 4000   | ok                  |
        | 4001   | exceeds_entitlement |

    Scenario: a later application after the application deadline is refused
      Given the snapshot is taken
      And "E1" has applied to carry over 100 t
      When "E1" applies to carry over 100 t, signed by "E1" at "2026-06-11T00:00:00+08:00"
      Then the transaction fails with "deadline_passed"

  Rule: the cap counts every old-vintage holding at the snapshot, frozen ones included

    Scenario Outline: frozen old vintages count toward the cap (regression: T was 10,000 t, not 40,000 t)
      Given entity "E4" of province "11"
      And "E4" complied on time in 2023 and 2024
      And "E4" holds 60000 t of CEA-2024
      And "E4" sells 20000 t of CEA-2024 to "E2" at "2025-06-01T10:00:00+08:00"
      And a court freezes 30000 t of CEA-2024 of "E4"
      And the snapshot is taken
      And a court unfreezes 30000 t of CEA-2024 of "E4"
      When "E4" applies to carry over <amount> t, signed by "E4"
      Then the transaction ends with "<code>"

      Examples:
        | amount | code                |
        | 39999  | ok                  |
        | 40000  | ok                  |
        | 40001  | exceeds_entitlement |

    Scenario: units still frozen count toward the cap
      Given entity "E4" of province "11"
      And "E4" complied on time in 2023 and 2024
      And "E4" holds 60000 t of CEA-2024
      And "E4" sells 20000 t of CEA-2024 to "E2" at "2025-06-01T10:00:00+08:00"
      And a court freezes 30000 t of CEA-2024 of "E4"
      And the snapshot is taken
      When "E4" applies to carry over 10000 t, signed by "E4"
      Then the transaction succeeds
      And application 1 of "E4" records 10000 t of an entitlement of 40000 t, 0 t applied before

    Scenario: units still frozen cannot be applied
      Given entity "E4" of province "11"
      And "E4" complied on time in 2023 and 2024
      And "E4" holds 60000 t of CEA-2024
      And "E4" sells 20000 t of CEA-2024 to "E2" at "2025-06-01T10:00:00+08:00"
      And a court freezes 30000 t of CEA-2024 of "E4"
      And the snapshot is taken
      When "E4" applies to carry over 10001 t, signed by "E4"
      Then the transaction fails with "insufficient_holding"
