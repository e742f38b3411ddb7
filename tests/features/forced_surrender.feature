Feature: Forced surrender on the province's order (强制履约)
  - The registry executes the order; the entity's own provincial authority co-signs it with its order reference.
  - For an entity designated for forced compliance the units come from those earmarked for it in the province's account, at most what was issued there for the entity and not yet used or released.
  - For any other entity (a court-ordered compliance after a default) they come from the entity's own account.
  - Before the deadline the tonnes count as surrendered; after it as late_surrendered.
  - The vintage and obligation rules of surrender apply.
  - One order is executed once.

  Background:
    Given compliance cycle 2024 with deadline "2025-12-31T23:59:59+08:00" and eligible vintages CEA-2023,CEA-2024,CEA-2025
    And entity "E1" of province "11"
    And "E1" is under forced compliance for 2024 with 600 t of CEA-2024 in "PROV-11"
    And "E1" has verified emissions of 800 t for 2024
    And "E1" holds 300 t of CEA-2024
    And entity "E2" of province "11"
    And "E2" has verified emissions of 500 t for 2024
    And "E2" holds 300 t of CEA-2024

  Rule: the registry and the entity's provincial authority both sign

    Scenario: the registry executes the province's order
      When the registry force-surrenders 100 t of CEA-2024 of "E1" for 2024 under order "SX-1", signed by "REGISTRY" and "PROV-11"
      Then the transaction succeeds
      And the move carries order_ref "SX-1"

    Scenario Outline: an order without both signatures is refused
      When the registry force-surrenders 100 t of CEA-2024 of "E1" for 2024 under order "SX-1", signed by "<first>" and "<second>"
      Then the transaction fails with "unauthorized"

      Examples:
        | first    | second  |
        | REGISTRY | PROV-31 |
        | PROV-11  | MEE     |
        | E1       | PROV-11 |

  Rule: a forced entity's units come from the province's account, within what was issued there for it

    Scenario: the province's account pays for the forced entity
      When the registry force-surrenders 500 t of CEA-2024 of "E1" for 2024 under order "SX-1", signed by "REGISTRY" and "PROV-11"
      Then the transaction succeeds
      And "PROV-11" holds 100 t earmarked of CEA-2024
      And "E1" holds 300 t of CEA-2024
      And "E1" has 500 t surrendered and 500 t province_surrendered for 2024

    Scenario Outline: a forced surrender at the edge of the entity's allowances in the province's account
      Given other entities' 1000 t of CEA-2024 are also in "PROV-11"
      When the registry force-surrenders <amount> t of CEA-2024 of "E1" for 2024 under order "SX-1", signed by "REGISTRY" and "PROV-11"
      Then the transaction ends with "<code>"

      Examples:
        | amount | code                 |
        | 599    | ok                   |
        | 600    | ok                   |
        | 601    | insufficient_holding |

    Scenario: what was surrendered from the province's account is used up
      Given the registry force-surrenders 400 t of CEA-2024 of "E1" for 2024 under order "SX-1", signed by "REGISTRY" and "PROV-11"
      When the registry force-surrenders 201 t of CEA-2024 of "E1" for 2024 under order "SX-2", signed by "REGISTRY" and "PROV-11"
      Then the transaction fails with "insufficient_holding"
      And the message says "PROV-11 holds 200 t for"

  Rule: any other entity's units come from its own account

    Scenario Outline: a forced surrender at the edge of the entity's own holding
      When the registry force-surrenders <amount> t of CEA-2024 of "E2" for 2024 under order "SX-1", signed by "REGISTRY" and "PROV-11"
      Then the transaction ends with "<code>"

      Examples:
        | amount | code                 |
        | 299    | ok                   |
        | 300    | ok                   |
        | 301    | insufficient_holding |

  Rule: before the deadline the tonnes count as surrendered, after it as late_surrendered

    Scenario Outline: a forced surrender around the deadline
      When the registry force-surrenders 100 t of CEA-2024 of "E2" for 2024 under order "SX-1", signed by "REGISTRY" and "PROV-11" at "<time>"
      Then the transaction succeeds
      And "E2" has <on_time> t surrendered and <late> t late_surrendered for 2024

      Examples:
        | time                      | on_time | late |
        | 2025-12-31T23:59:58+08:00 | 100     | 0    |
        | 2025-12-31T23:59:59+08:00 | 100     | 0    |
        | 2026-01-01T00:00:00+08:00 | 0       | 100  |

  Rule: the vintage rules of surrender apply

    Scenario Outline: a forced surrender of each vintage around the compliance year
      Given "E2" holds 100 t of <vintage>
      When the registry force-surrenders 50 t of <vintage> of "E2" for 2024 under order "SX-1", signed by "REGISTRY" and "PROV-11"
      Then the transaction ends with "<code>"

      Examples:
        | vintage  | code                 |
        | CEA-2023 | ok                   |
        | CEA-2025 | vintage_not_eligible |

  Rule: the obligation rules of surrender apply

    Scenario Outline: a forced surrender at the edge of the obligation
      Given "E2" has verified emissions of 250 t for 2024
      When the registry force-surrenders <amount> t of CEA-2024 of "E2" for 2024 under order "SX-1", signed by "REGISTRY" and "PROV-11"
      Then the transaction ends with "<code>"

      Examples:
        | amount | code               |
        | 249    | ok                 |
        | 250    | ok                 |
        | 251    | exceeds_obligation |

    Scenario: an entity without verified emissions has nothing to surrender
      Given entity "E3" of province "11"
      And "E3" holds 100 t of CEA-2024
      When the registry force-surrenders 10 t of CEA-2024 of "E3" for 2024 under order "SX-1", signed by "REGISTRY" and "PROV-11"
      Then the transaction fails with "no_obligation"

  Rule: one order is executed once

    Scenario: two orders are executed
      Given the registry force-surrenders 10 t of CEA-2024 of "E2" for 2024 under order "SX-1", signed by "REGISTRY" and "PROV-11"
      When the registry force-surrenders 10 t of CEA-2024 of "E2" for 2024 under order "SX-2", signed by "REGISTRY" and "PROV-11"
      Then the transaction succeeds

    Scenario: the same order is not executed twice
      Given the registry force-surrenders 10 t of CEA-2024 of "E2" for 2024 under order "SX-1", signed by "REGISTRY" and "PROV-11"
      When the registry force-surrenders 10 t of CEA-2024 of "E2" for 2024 under order "SX-1", signed by "REGISTRY" and "PROV-11"
      Then the transaction fails with "already_exists"
