Feature: Publish the monthly average price of an instrument (S1 Art.24)
  - The exchange signs; nobody else publishes prices.
  - One price per instrument and calendar month (China time), stored under price/<instrument>/<YYYY-MM>.
  - Only once the month is over, judged on block time.
  - The price is whole fen per tonne, at least 1; the instrument must exist.
  - The fine of an unpaid shortfall reads it (enforce_shortfall).

  Background:
    Given vintage CEA-2024

  Rule: the exchange signs

    Scenario: the exchange publishes the December price
      When "EXCHANGE" publishes 9749 fen a tonne for CEA-2024 in 2025-12 at "2026-01-01T00:00:00+08:00"
      Then the transaction succeeds
      And the 2025-12 price of CEA-2024 is 9749 fen a tonne

    Scenario Outline: nobody else publishes a price
      When "<signer>" publishes 9749 fen a tonne for CEA-2024 in 2025-12 at "2026-01-01T00:00:00+08:00"
      Then the transaction fails with "unauthorized"

      Examples:
        | signer   |
        | MEE      |
        | REGISTRY |
        | PROV-11  |

  Rule: only once the month is over

    Scenario Outline: a publication around the end of the month
      When "EXCHANGE" publishes 9749 fen a tonne for CEA-2024 in 2025-12 at "<time>"
      Then the transaction ends with "<code>"

      Examples:
        | time                          | code           |
        | 2025-12-31T23:59:59.999+08:00 | month_not_over |
        | 2026-01-01T00:00:00+08:00     | ok             |
        | 2026-01-01T00:00:00.001+08:00 | ok             |

  Rule: one price per instrument and month

    Scenario: another month of the same instrument is published
      Given "EXCHANGE" published 9749 fen a tonne for CEA-2024 in 2025-11
      When "EXCHANGE" publishes 9800 fen a tonne for CEA-2024 in 2025-12 at "2026-01-02T00:00:00+08:00"
      Then the transaction succeeds

    Scenario: the same month is not published twice
      Given "EXCHANGE" published 9749 fen a tonne for CEA-2024 in 2025-11
      When "EXCHANGE" publishes 9800 fen a tonne for CEA-2024 in 2025-11 at "2026-01-02T00:00:00+08:00"
      Then the transaction fails with "already_exists"
      And the message says "the 2025-11 average price of CEA-2024 was already published: 9749 fen/t"

  Rule: a positive price of an existing instrument

    Scenario Outline: a price around zero
      When "EXCHANGE" publishes <fen> fen a tonne for CEA-2024 in 2025-12 at "2026-01-01T00:00:00+08:00"
      Then the transaction ends with "<code>"

      Examples:
        | fen | code          |
        | 0   | invalid_field |
        | 1   | ok            |

    Scenario: an instrument that does not exist has no price
      When "EXCHANGE" publishes 9749 fen a tonne for CEA-2099 in 2025-12 at "2026-01-01T00:00:00+08:00"
      Then the transaction fails with "not_found"
