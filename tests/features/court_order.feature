Feature: Execute a court order (司法冻结、扣划、承继)
  - The registry executes a recorded judicial order: freeze, unfreeze, deduct or succession.
  - A freeze moves units from available to frozen in the same account; frozen units cannot be transferred, surrendered or cancelled.
  - An unfreeze moves frozen units back to available.
  - A deduction moves units to the account named, frozen units first, then available.
  - A succession (merger or split) moves every holding of every instrument to the successor, frozen units staying frozen, and may close the source account.
  - A succession carries the predecessor's open compliance obligations to the successor, merged into its record of the same year (tonnes added, forced kept if either was); open means before the year's deadline, or after it while emissions are not entered or not covered. A closed year stays with the predecessor.
  - Open obligations pass only to a key emitting entity.
  - Each order reference is executed once.
  - CCER are instruments like any other: a court freezes them, and a succession moves them, frozen ones staying frozen; CCER pending offset move with their pending offset record, merged into the successor's record of that year.

  Background:
    Given entity "E1" of province "11"
    And entity "E2" of province "31"
    And "E1" holds 100 t of CEA-2024

  Rule: the registry executes the order

    Scenario: the registry freezes units on a court's order
      When the court orders "freeze" of 30 t of CEA-2024 of "E1" under "C-1", signed by "REGISTRY"
      Then the transaction succeeds
      And "E1" holds 70 t available and 30 t frozen of CEA-2024
      And the order "C-1" is recorded as "court_freeze"

    Scenario Outline: no one else executes a court order
      When the court orders "freeze" of 30 t of CEA-2024 of "E1" under "C-1", signed by "<signer>"
      Then the transaction fails with "unauthorized"

      Examples:
        | signer  |
        | PROV-11 |
        | E1      |

  Rule: a freeze takes available units and keeps them in the account

    Scenario Outline: a freeze at the edge of the holding
      When the court orders "freeze" of <amount> t of CEA-2024 of "E1" under "C-1", signed by "REGISTRY"
      Then the transaction ends with "<code>"

      Examples:
        | amount | code                 |
        | 99     | ok                   |
        | 100    | ok                   |
        | 101    | insufficient_holding |

    Scenario Outline: frozen units cannot be transferred
      Given the court has ordered "freeze" of 80 t of CEA-2024 of "E1" under "C-1"
      When "E1" transfers <amount> t of CEA-2024 to "E2"
      Then the transaction ends with "<code>"

      Examples:
        | amount | code                 |
        | 20     | ok                   |
        | 21     | insufficient_holding |

  Rule: an unfreeze releases frozen units only

    Scenario Outline: an unfreeze at the edge of the frozen units
      Given the court has ordered "freeze" of 30 t of CEA-2024 of "E1" under "C-1"
      When the court orders "unfreeze" of <amount> t of CEA-2024 of "E1" under "C-2", signed by "REGISTRY"
      Then the transaction ends with "<code>"

      Examples:
        | amount | code                 |
        | 29     | ok                   |
        | 30     | ok                   |
        | 31     | insufficient_holding |

    Scenario: unfrozen units can be transferred again
      Given the court has ordered "freeze" of 100 t of CEA-2024 of "E1" under "C-1"
      And the court has ordered "unfreeze" of 100 t of CEA-2024 of "E1" under "C-2"
      When "E1" transfers 100 t of CEA-2024 to "E2"
      Then the transaction succeeds

  Rule: a deduction takes frozen units first, then available ones, to the account named

    Scenario: a deduction takes the frozen serials first
      Given the court has ordered "freeze" of serials 51-60 of CEA-2024 of "E1" under "C-1"
      When the court orders "deduct" of 15 t of CEA-2024 of "E1" to "E2" under "C-2", signed by "REGISTRY"
      Then the transaction succeeds
      And "E2" holds serials 1-5,51-60 of CEA-2024
      And "E1" holds serials 6-50,61-100 of CEA-2024

    Scenario Outline: a deduction at the edge of frozen and available units together
      Given the court has ordered "freeze" of 30 t of CEA-2024 of "E1" under "C-1"
      When the court orders "deduct" of <amount> t of CEA-2024 of "E1" to "E2" under "C-2", signed by "REGISTRY"
      Then the transaction ends with "<code>"

      Examples:
        | amount | code                 |
        | 99     | ok                   |
        | 100    | ok                   |
        | 101    | insufficient_holding |

    Scenario: a deduction of named serials spans frozen and available units
      Given the court has ordered "freeze" of serials 1-10 of CEA-2024 of "E1" under "C-1"
      When the court orders "deduct" of serials 5-20 of CEA-2024 of "E1" to "E2" under "C-2", signed by "REGISTRY"
      Then the transaction succeeds
      And "E2" holds serials 5-20 of CEA-2024
      And "E1" holds 80 t available and 4 t frozen of CEA-2024

    Scenario: a deduction to a closed account is refused
      Given entity "E3" of province "11"
      And the registry sets "E3" to closed
      When the court orders "deduct" of 10 t of CEA-2024 of "E1" to "E3" under "C-2", signed by "REGISTRY"
      Then the transaction fails with "account_closed"

    Scenario: a deduction needs a receiving account
      When the court orders "deduct" of 10 t of CEA-2024 of "E1" under "C-2", signed by "REGISTRY"
      Then the transaction fails with "invalid_field"

  Rule: a succession moves every holding to the successor and may close the source

    Scenario: a merger moves everything and closes the source account
      Given "E1" holds 50 t of CEA-2023
      And the court has ordered "freeze" of 30 t of CEA-2024 of "E1" under "C-1"
      When the court orders the succession of "E1" by "E2" under "C-2", closing the source
      Then the transaction succeeds
      And "E2" holds 70 t available and 30 t frozen of CEA-2024
      And "E2" holds 50 t available and 0 t frozen of CEA-2023
      And "E1" holds nothing
      And "E1" is closed

    Scenario: a succession without closing keeps the source open
      When the court orders the succession of "E1" by "E2" under "C-2"
      Then the transaction succeeds
      And "E1" holds nothing
      And "E1" is active

    Scenario: a succession names no units
      When the court orders "succession" of 10 t of CEA-2024 of "E1" to "E2" under "C-2", signed by "REGISTRY"
      Then the transaction fails with "invalid_field"

  Rule: a succession carries the predecessor's open obligations to the successor

    Scenario: the successor takes over the open year's obligation, merged into its own
      Given compliance cycle 2024 with deadline "2025-12-31T23:59:59+08:00" and eligible vintages CEA-2024
      And "E1" has verified emissions of 800 t for 2024
      And "E2" has verified emissions of 200 t for 2024
      When the court orders the succession of "E1" by "E2" under "C-2"
      Then the transaction succeeds
      And the 2024 obligation of "E2" has verified 1000, surrendered 0, forced false
      And "E1" has no 2024 obligation
      And an event carries the 2024 obligation of "E1" to "E2"

    Scenario Outline: the successor surrenders for the merged obligation
      Given compliance cycle 2024 with deadline "2025-12-31T23:59:59+08:00" and eligible vintages CEA-2024
      And "E1" has verified emissions of 800 t for 2024
      And "E2" has verified emissions of 200 t for 2024
      And "E1" holds 1000 t of CEA-2024
      And the court has ordered the succession of "E1" by "E2" under "C-2"
      When "E2" surrenders <amount> t of CEA-2024 for 2024
      Then the transaction ends with "<code>"

      Examples:
        | amount | code               |
        | 999    | ok                 |
        | 1000   | ok                 |
        | 1001   | exceeds_obligation |

    Scenario: what the predecessor surrendered and its forced compliance go with the obligation
      Given compliance cycle 2024 with deadline "2025-12-31T23:59:59+08:00" and eligible vintages CEA-2024
      And "E1" is under forced compliance for 2024 with 300 t of CEA-2024 in "PROV-11"
      And "E1" had verified emissions of 800 t and surrendered 500 t for 2024
      When the court orders the succession of "E1" by "E2" under "C-2"
      Then the transaction succeeds
      And the 2024 obligation of "E2" has verified 800, surrendered 500, allocated 300, to_province 300, forced true

    Scenario: a closed year is not carried
      Given compliance cycle 2023 with deadline "2024-12-31T23:59:59+08:00" and eligible vintages CEA-2023
      And compliance cycle 2024 with deadline "2025-12-31T23:59:59+08:00" and eligible vintages CEA-2024
      And "E1" had verified emissions of 500 t and surrendered 500 t for 2023
      And "E1" has verified emissions of 800 t for 2024
      When the court orders the succession of "E1" by "E2" under "C-2" at "2025-06-01T10:00:00+08:00"
      Then the transaction succeeds
      And the 2023 obligation of "E1" has verified 500, surrendered 500
      And "E2" has no 2023 obligation
      And the 2024 obligation of "E2" has verified 800

    Scenario Outline: a year past its deadline is carried only while it still owes tonnes
      Given compliance cycle 2023 with deadline "2024-12-31T23:59:59+08:00" and eligible vintages CEA-2023
      And "E1" had verified emissions of 500 t and surrendered <surrendered> t for 2023
      When the court orders the succession of "E1" by "E2" under "C-2" at "<time>"
      Then the transaction succeeds
      And "<holder>" has the 2023 obligation of verified 500, surrendered <surrendered>

      Examples:
        | surrendered | time                      | holder |
        | 500         | 2024-12-31T23:59:59+08:00 | E2     |
        | 500         | 2025-01-01T00:00:00+08:00 | E1     |
        | 499         | 2025-01-01T00:00:00+08:00 | E2     |

  Rule: open obligations pass only to a key emitting entity

    Scenario: a holder succeeds an entity without open obligations
      Given holder "H1"
      When the court orders the succession of "E1" by "H1" under "C-2"
      Then the transaction succeeds
      And "H1" holds 100 t of CEA-2024

    Scenario: a holder cannot take over an entity's open obligation
      Given holder "H1"
      And compliance cycle 2024 with deadline "2025-12-31T23:59:59+08:00" and eligible vintages CEA-2024
      And "E1" has verified emissions of 800 t for 2024
      When the court orders the succession of "E1" by "H1" under "C-2"
      Then the transaction fails with "not_eligible"
      And the message says "open compliance obligations for 2024"

  Rule: each order is executed once

    Scenario: a new order is executed
      Given the court has ordered "freeze" of 10 t of CEA-2024 of "E1" under "C-1"
      When the court orders "freeze" of 10 t of CEA-2024 of "E1" under "C-2", signed by "REGISTRY"
      Then the transaction succeeds

    Scenario: an order is not executed twice
      Given the court has ordered "freeze" of 10 t of CEA-2024 of "E1" under "C-1"
      When the court orders "freeze" of 10 t of CEA-2024 of "E1" under "C-1", signed by "REGISTRY"
      Then the transaction fails with "already_exists"

  Rule: court orders and successions take CCER like any instrument

    Background:
      Given project "P-WIND-01" of "O1" is registered
      And "E1" holds 50 t of the 2022 CCER of project "P-WIND-01"

    Scenario: a court freezes CCER, and frozen CCER cannot be cancelled
      When the court orders "freeze" of 30 t of CCER-P-WIND-01-2022 of "E1" under "C-1", signed by "REGISTRY"
      Then the transaction succeeds
      And "E1" holds 20 t available and 30 t frozen of CCER-P-WIND-01-2022
      When "E1" cancels 21 t of CCER-P-WIND-01-2022 for the public interest
      Then the transaction fails with "insufficient_holding"

    Scenario: a succession moves CCER, frozen and pending offset, with the pending offset record
      Given the court has ordered "freeze" of 20 t of CCER-P-WIND-01-2022 of "E1" under "C-1"
      And "E1" has 40 t of the 2022 CCER of project "P-WIND-01" pending offset for 2025
      And "E2" holds 5 t of the 2022 CCER of project "P-WIND-01"
      And "E2" has 10 t of the 2022 CCER of project "P-WIND-01" pending offset for 2025
      When the court orders the succession of "E1" by "E2" under "C-2"
      Then the transaction succeeds
      And "E2" holds 35 t available and 20 t frozen of CCER-P-WIND-01-2022
      And "E2" holds 50 t pending offset of CCER-P-WIND-01-2022 for 2025
      And "E1" holds nothing
      And "E1" has no pending offset for 2025
