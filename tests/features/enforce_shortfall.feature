Feature: Enforce the shortfall after the surrender deadline (S1 Art.24)
  - The entity's own provincial authority signs the decision, with its reference.
  - Only after the cycle's deadline, judged on block time.
  - The shortfall is verified emissions less everything handed in (surrendered, offset, late), never negative.
  - The fine is shortfall × the exchange's published average price (fen per tonne) of the month the order names × a multiple from 5 to 10.
  - The month is the one before the deadline: the deadline's own month or the month before it; its price must be published.
  - The order sets a correction deadline (责令限期改正) after its block time; the entity may surrender until then.
  - The shortfall is added to next year's deduction, which the next allocation cuts.
  - Once per entity and year; one decision reference is used once.

  Background:
    Given compliance cycle 2024 with deadline "2025-12-31T23:59:59+08:00"
    And entity "E1" of province "11"
    And "E1" has verified emissions of 1000 t, surrendered 600 t and offset 50 t for 2024
    And the exchange published 4000 fen a tonne for CEA-2024 in 2025-12

  Rule: the entity's own provincial authority signs

    Scenario: the province records the shortfall, the fine and the correction deadline
      When "PROV-11" enforces the 2024 shortfall of "E1" at the 2025-12 price times 5 under "FX-1"
      Then the transaction succeeds
      And "E1" has a shortfall of 350 t and a fine of 7000000 fen for 2024
      And "E1" must correct its 2024 shortfall by "2026-03-31T23:59:59+08:00"
      And "E1" has a deduction of 350 t for 2025
      And the shortfall event reads 350 t, 7000000 fen, deduction year 2025

    Scenario Outline: another signer cannot enforce
      When "<signer>" enforces the 2024 shortfall of "E1" at the 2025-12 price times 5 under "FX-1"
      Then the transaction fails with "unauthorized"

      Examples:
        | signer   |
        | PROV-31  |
        | REGISTRY |
        | MEE      |

  Rule: only after the deadline

    Scenario Outline: an enforcement around the deadline
      When "PROV-11" enforces the 2024 shortfall of "E1" at the 2025-12 price times 5 under "FX-1" at "<time>" until "2026-03-31T23:59:59+08:00"
      Then the transaction ends with "<code>"

      Examples:
        | time                      | code                |
        | 2025-12-31T23:59:58+08:00 | deadline_not_passed |
        | 2025-12-31T23:59:59+08:00 | deadline_not_passed |
        | 2026-01-01T00:00:00+08:00 | ok                  |

  Rule: the shortfall is what is not handed in, late surrenders included, never negative

    Scenario Outline: the shortfall around full compliance
      Given "E1" surrendered <late> t late for 2024
      When "PROV-11" enforces the 2024 shortfall of "E1" at the 2025-12 price times 10 under "FX-1"
      Then the transaction succeeds
      And "E1" has a shortfall of <shortfall> t and a fine of <fine> fen for 2024
      And "E1" has a deduction of <shortfall> t for 2025

      Examples:
        | late | shortfall | fine  |
        | 349  | 1         | 40000 |
        | 350  | 0         | 0     |
        | 351  | 0         | 0     |

    Scenario: the shortfall adds to a deduction next year already carries
      Given "E1" has a deduction of 20 t for 2025
      When "PROV-11" enforces the 2024 shortfall of "E1" at the 2025-12 price times 5 under "FX-1"
      Then the transaction succeeds
      And "E1" has a deduction of 370 t for 2025

  Rule: the fine multiple is from 5 to 10

    Scenario Outline: a multiple at the edges of the range
      When "PROV-11" enforces the 2024 shortfall of "E1" at the 2025-12 price times <multiple> under "FX-1"
      Then the transaction ends with "<code>"

      Examples:
        | multiple | code          |
        | 4        | invalid_field |
        | 5        | ok            |
        | 10       | ok            |
        | 11       | invalid_field |

  Rule: the fine's price is the exchange's published average of the month before the deadline

    Scenario: the fine is computed from the published price of the month the order names
      Given the exchange published 5000 fen a tonne for CEA-2024 in 2025-11
      When "PROV-11" enforces the 2024 shortfall of "E1" at the 2025-11 price times 7 under "FX-1"
      Then the transaction succeeds
      And "E1" has a shortfall of 350 t and a fine of 12250000 fen for 2024

    Scenario Outline: the price month around the deadline's month
      Given the exchange published 4000 fen a tonne for CEA-2024 in <month>
      When "PROV-11" enforces the 2024 shortfall of "E1" at the <month> price times 5 under "FX-1"
      Then the transaction ends with "<code>"

      Examples:
        | month   | code              |
        | 2025-10 | wrong_price_month |
        | 2025-11 | ok                |
        | 2025-12 | ok                |
        | 2026-01 | wrong_price_month |

    Scenario: a month without a published price is refused
      When "PROV-11" enforces the 2024 shortfall of "E1" at the 2025-11 price times 5 under "FX-1"
      Then the transaction fails with "price_not_published"
      And the message says "the exchange has not published the 2025-11 average price of CEA-2024"

  Rule: the correction deadline lies after the order's block time

    Scenario Outline: a correction deadline around the block time
      When "PROV-11" enforces the 2024 shortfall of "E1" at the 2025-12 price times 5 under "FX-1" at "2026-01-05T10:00:00+08:00" until "<until>"
      Then the transaction ends with "<code>"

      Examples:
        | until                     | code          |
        | 2026-01-05T09:59:59+08:00 | invalid_field |
        | 2026-01-05T10:00:00+08:00 | invalid_field |
        | 2026-01-05T10:00:01+08:00 | ok            |

  Rule: verified emissions must be recorded

    Scenario: an entity with verified emissions has its shortfall enforced
      When "PROV-11" enforces the 2024 shortfall of "E1" at the 2025-12 price times 5 under "FX-2"
      Then the transaction succeeds

    Scenario: an entity without verified emissions has no shortfall to enforce
      Given entity "E2" of province "11"
      When "PROV-11" enforces the 2024 shortfall of "E2" at the 2025-12 price times 5 under "FX-2"
      Then the transaction fails with "no_obligation"

  Rule: once per entity and year, one reference once

    Scenario: the shortfall of another entity is enforced under another reference
      Given entity "E2" of province "11"
      And "E2" has verified emissions of 100 t, surrendered 0 t and offset 0 t for 2024
      And "PROV-11" has enforced the 2024 shortfall of "E1" under "FX-1"
      When "PROV-11" enforces the 2024 shortfall of "E2" at the 2025-12 price times 5 under "FX-2"
      Then the transaction succeeds

    Scenario: the same shortfall is not enforced twice
      Given "PROV-11" has enforced the 2024 shortfall of "E1" under "FX-1"
      When "PROV-11" enforces the 2024 shortfall of "E1" at the 2025-12 price times 5 under "FX-9"
      Then the transaction fails with "already_exists"

    Scenario: a reference is not used twice
      Given entity "E2" of province "11"
      And "E2" has verified emissions of 100 t, surrendered 0 t and offset 0 t for 2024
      And "PROV-11" has enforced the 2024 shortfall of "E1" under "FX-1"
      When "PROV-11" enforces the 2024 shortfall of "E2" at the 2025-12 price times 5 under "FX-1"
      Then the transaction fails with "already_exists"
