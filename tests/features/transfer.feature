Feature: Transfer allowances between two accounts (S2 Art.21–23)
  - Transfers between accounts go through the exchange: it settles a trade both sides agreed by signing it with the trade reference; the lowest serials move first unless ranges are named.
  - A trade reference is settled once per exchange: a reused reference is refused.
  - A transfer signed only by its holder (bilateral) is refused unless the MEE has allowed bilateral transfers (market rule bilateral_transfers, off by default); the refusal says to settle through the exchange.
  - Only the exchange names a trade reference.
  - A restricted account may receive but not send; a closed account neither sends nor receives.
  - The sender holds every tonne it sends, and every serial it names.
  - Units never go back to the sender, nor to a terminal account (surrender and cancellation have their own transactions).
  - CCER of a project under an open fraud order do not move (units_suspended, S8 Art.43) until the order is fulfilled or enforced; other projects' units move.
  (Succession and enforcement move units by court order: tests/features/court_order.feature.)

  Background:
    Given entity "E1" of province "11"
    And entity "E2" of province "31"
    And vintage CEA-2024
    And "E1" holds 100 t of CEA-2024

  Rule: the exchange settles an agreed trade with its trade reference

    Scenario: the exchange settles a trade, lowest serials first
      When "E1" transfers 30 t of CEA-2024 to "E2", signed by "EXCHANGE" with trade_ref "T-2024-000001"
      Then the transaction succeeds
      And "E1" holds serials 31-100 of CEA-2024
      And "E2" holds serials 1-30 of CEA-2024
      And the move carries trade_ref "T-2024-000001"
      And trade "T-2024-000001" of "EXCHANGE" is recorded for 30 t from "E1" to "E2"

    Scenario: the exchange cannot settle without a trade reference
      When "E1" transfers 30 t of CEA-2024 to "E2", signed by "EXCHANGE"
      Then the transaction fails with "invalid_field"
      And the message says "needs its trade_ref"

    Scenario: another participant cannot transfer the holder's units
      When "E1" transfers 30 t of CEA-2024 to "E2", signed by "E2"
      Then the transaction fails with "unauthorized"

    Scenario: a key that belongs to no participant cannot sign
      When "E1" transfers 30 t of CEA-2024 to "E2", signed by "STRANGER"
      Then the transaction fails with "unauthorized"

  Rule: a trade reference is settled once per exchange

    Scenario: a new trade reference is settled
      Given the exchange settled trade "T-1" of 10 t of CEA-2024 from "E1" to "E2"
      When "E1" transfers 10 t of CEA-2024 to "E2", signed by "EXCHANGE" with trade_ref "T-2"
      Then the transaction succeeds

    Scenario: a reused trade reference is refused
      Given the exchange settled trade "T-1" of 10 t of CEA-2024 from "E1" to "E2"
      When "E1" transfers 10 t of CEA-2024 to "E2", signed by "EXCHANGE" with trade_ref "T-1"
      Then the transaction fails with "already_exists"
      And the message says "trade T-1 of EXCHANGE was already settled"

    Scenario: another exchange has its own trade references
      Given the exchange settled trade "T-1" of 10 t of CEA-2024 from "E1" to "E2"
      And a second exchange "EXCHANGE-2"
      When "E1" transfers 10 t of CEA-2024 to "E2", signed by "EXCHANGE-2" with trade_ref "T-1"
      Then the transaction succeeds
      And trade "T-1" of "EXCHANGE-2" is recorded for 10 t from "E1" to "E2"

  Rule: a holder signs its own transfer only when the MEE allows bilateral transfers

    Scenario: by default a holder-signed transfer is refused, and the message says to settle through the exchange
      When "E1" transfers 30 t of CEA-2024 to "E2", signed by "E1"
      Then the transaction fails with "exchange_settlement_required"
      And the message says "settle the trade through the exchange"
      And the message says "only the MEE can allow bilateral transfers"

    Scenario: once the MEE allows bilateral transfers, the holder transfers part of its holding, lowest serials first
      Given the MEE allows bilateral transfers
      When "E1" transfers 30 t of CEA-2024 to "E2", signed by "E1"
      Then the transaction succeeds
      And "E1" holds serials 31-100 of CEA-2024
      And "E2" holds serials 1-30 of CEA-2024

    Scenario: when the MEE turns bilateral transfers off again, the holder's transfer is refused again
      Given the MEE allows bilateral transfers
      And "MEE" set the market rules to '{"bilateral_transfers": false}'
      When "E1" transfers 30 t of CEA-2024 to "E2", signed by "E1"
      Then the transaction fails with "exchange_settlement_required"

    Scenario: only the exchange names a trade reference
      Given the MEE allows bilateral transfers
      When "E1" transfers 30 t of CEA-2024 to "E2", signed by "E1" with trade_ref "T-1"
      Then the transaction fails with "invalid_field"

  Rule: a restricted account may receive but not send

    Scenario: a restricted account receives
      Given the registry sets "E2" to restricted
      When "E1" transfers 10 t of CEA-2024 to "E2", signed by "EXCHANGE" with trade_ref "T-1"
      Then the transaction succeeds

    Scenario: a restricted account cannot send
      Given the registry sets "E1" to restricted
      When "E1" transfers 10 t of CEA-2024 to "E2", signed by "EXCHANGE" with trade_ref "T-1"
      Then the transaction fails with "account_restricted"

  Rule: a closed account cannot receive

    Scenario: an active account receives
      When "E1" transfers 100 t of CEA-2024 to "E2", signed by "EXCHANGE" with trade_ref "T-1"
      Then the transaction succeeds
      And "E1" holds nothing of CEA-2024

    Scenario: a closed account cannot receive
      Given the registry sets "E2" to closed
      When "E1" transfers 10 t of CEA-2024 to "E2", signed by "EXCHANGE" with trade_ref "T-1"
      Then the transaction fails with "account_closed"

  Rule: the sender holds every tonne it sends

    Scenario Outline: a transfer at the edge of the holding
      When "E1" transfers <amount> t of CEA-2024 to "E2", signed by "EXCHANGE" with trade_ref "T-1"
      Then the transaction ends with "<code>"

      Examples:
        | amount | code                 |
        | 99     | ok                   |
        | 100    | ok                   |
        | 101    | insufficient_holding |

  Rule: every named serial is held by the sender

    Scenario: the exchange settles the serial ranges the trade names
      When "E1" transfers serials 11-20 of CEA-2024 to "E2", signed by "EXCHANGE" with trade_ref "T-1"
      Then the transaction succeeds
      And "E1" holds serials 1-10,21-100 of CEA-2024
      And "E2" holds serials 11-20 of CEA-2024

    Scenario: serials the sender does not hold cannot move
      When "E1" transfers serials 91-110 of CEA-2024 to "E2", signed by "EXCHANGE" with trade_ref "T-1"
      Then the transaction fails with "range_not_held"

  Rule: units go to another account that is not terminal

    Scenario: units go to another participant's account
      When "E1" transfers 1 t of CEA-2024 to "E2", signed by "EXCHANGE" with trade_ref "T-1"
      Then the transaction succeeds

    Scenario: a transfer to the sender itself is refused
      When "E1" transfers 1 t of CEA-2024 to "E1", signed by "EXCHANGE" with trade_ref "T-1"
      Then the transaction fails with "invalid_field"

    Scenario Outline: a transfer to a terminal account is refused
      When "E1" transfers 1 t of CEA-2024 to "<terminal>", signed by "EXCHANGE" with trade_ref "T-1"
      Then the transaction fails with "invalid_field"

      Examples:
        | terminal         |
        | CANCELLED        |
        | WITHDRAWN        |
        | SURRENDERED-2024 |

  Rule: units of a project under an open fraud order do not move

    Background:
      Given the block time is "2026-03-02T10:00:00+08:00"
      And project "P-WIND-01" of "O1" is registered
      And project "P-SOLAR-02" of "O2" is registered
      And "E1" holds 50 t of the 2022 CCER of project "P-WIND-01"
      And "E1" holds 50 t of the 2023 CCER of project "P-SOLAR-02"

    Scenario: the project's units move before any order
      When "E1" transfers 10 t of CCER-P-WIND-01-2022 to "E2", signed by "EXCHANGE" with trade_ref "T-1"
      Then the transaction succeeds

    Scenario: the project's units are suspended while the order is open
      Given the registry ordered the cancellation of 60 t for project "P-WIND-01", due "2026-06-30T23:59:59+08:00"
      When "E1" transfers 10 t of CCER-P-WIND-01-2022 to "E2", signed by "EXCHANGE" with trade_ref "T-1"
      Then the transaction fails with "units_suspended"
      And the message says "until 60 t are cancelled"

    Scenario: another project's units still move
      Given the registry ordered the cancellation of 60 t for project "P-WIND-01", due "2026-06-30T23:59:59+08:00"
      When "E1" transfers 10 t of CCER-P-SOLAR-02-2023 to "E2", signed by "EXCHANGE" with trade_ref "T-1"
      Then the transaction succeeds
