Feature: Transfer allowances between two accounts
  - A holder signs the transfer of its own units; the lowest serials move first unless ranges are named.
  - The exchange settles a trade both sides agreed by signing it with the trade reference.
  - A restricted account may receive but not send; a closed account neither sends nor receives.
  - The sender holds every tonne it sends, and every serial it names.
  - Units never go back to the sender, nor to a terminal account (surrender and cancellation have their own transactions).

  Background:
    Given entity "E1" of province "11"
    And entity "E2" of province "31"
    And vintage CEA-2024
    And "E1" holds 100 t of CEA-2024

  Rule: the holder signs its own transfer

    Scenario: the holder transfers part of its holding, lowest serials first
      When "E1" transfers 30 t of CEA-2024 to "E2", signed by "E1"
      Then the transaction succeeds
      And "E1" holds serials 31-100 of CEA-2024
      And "E2" holds serials 1-30 of CEA-2024

    Scenario: another participant cannot transfer the holder's units
      When "E1" transfers 30 t of CEA-2024 to "E2", signed by "E2"
      Then the transaction fails with "unauthorized"

    Scenario: a key that belongs to no participant cannot sign
      When "E1" transfers 30 t of CEA-2024 to "E2", signed by "STRANGER"
      Then the transaction fails with "unauthorized"

  Rule: the exchange settles an agreed trade with its trade reference

    Scenario: the exchange settles a trade
      When "E1" transfers 30 t of CEA-2024 to "E2", signed by "EXCHANGE" with trade_ref "T-2024-000001"
      Then the transaction succeeds
      And "E2" holds serials 1-30 of CEA-2024
      And the move carries trade_ref "T-2024-000001"

    Scenario: the exchange cannot settle without a trade reference
      When "E1" transfers 30 t of CEA-2024 to "E2", signed by "EXCHANGE"
      Then the transaction fails with "invalid_field"

  Rule: a restricted account may receive but not send

    Scenario: a restricted account receives
      Given the registry sets "E2" to restricted
      When "E1" transfers 10 t of CEA-2024 to "E2", signed by "E1"
      Then the transaction succeeds

    Scenario: a restricted account cannot send
      Given the registry sets "E1" to restricted
      When "E1" transfers 10 t of CEA-2024 to "E2", signed by "E1"
      Then the transaction fails with "account_restricted"

  Rule: a closed account cannot receive

    Scenario: an active account receives
      When "E1" transfers 100 t of CEA-2024 to "E2", signed by "E1"
      Then the transaction succeeds
      And "E1" holds nothing of CEA-2024

    Scenario: a closed account cannot receive
      Given the registry sets "E2" to closed
      When "E1" transfers 10 t of CEA-2024 to "E2", signed by "E1"
      Then the transaction fails with "account_closed"

  Rule: the sender holds every tonne it sends

    Scenario Outline: a transfer at the edge of the holding
      When "E1" transfers <amount> t of CEA-2024 to "E2", signed by "E1"
      Then the transaction ends with "<code>"

      Examples:
        | amount | code                 |
        | 99     | ok                   |
        | 100    | ok                   |
        | 101    | insufficient_holding |

  Rule: every named serial is held by the sender

    Scenario: the holder transfers the serial ranges it names
      When "E1" transfers serials 11-20 of CEA-2024 to "E2", signed by "E1"
      Then the transaction succeeds
      And "E1" holds serials 1-10,21-100 of CEA-2024
      And "E2" holds serials 11-20 of CEA-2024

    Scenario: serials the sender does not hold cannot move
      When "E1" transfers serials 91-110 of CEA-2024 to "E2", signed by "E1"
      Then the transaction fails with "range_not_held"

  Rule: units go to another account that is not terminal

    Scenario: units go to another participant's account
      When "E1" transfers 1 t of CEA-2024 to "E2", signed by "E1"
      Then the transaction succeeds

    Scenario: a transfer to the sender itself is refused
      When "E1" transfers 1 t of CEA-2024 to "E1", signed by "E1"
      Then the transaction fails with "invalid_field"

    Scenario Outline: a transfer to a terminal account is refused
      When "E1" transfers 1 t of CEA-2024 to "<terminal>", signed by "E1"
      Then the transaction fails with "invalid_field"

      Examples:
        | terminal         |
        | CANCELLED        |
        | WITHDRAWN        |
        | SURRENDERED-2024 |
