Feature: Cancel allowances voluntarily (自愿注销)
  - A holder signs the cancellation of its own units, naming a beneficiary and a reason.
  - Only units held and available (frozen units are not); lowest serials first unless ranges are named.
  - An account that may not send (restricted, closed) cannot cancel.
  - The units move to the terminal account CANCELLED, publicly and for good: they never move again.

  Background:
    Given entity "E1" of province "11"
    And entity "E2" of province "31"
    And "E1" holds 100 t of CEA-2024

  Rule: the holder signs its own cancellation

    Scenario: the holder cancels for a beneficiary
      When "E1" cancels 30 t of CEA-2024 for "北京冬奥会碳中和", signed by "E1"
      Then the transaction succeeds
      And "CANCELLED" holds serials 1-30 of CEA-2024
      And "E1" holds serials 31-100 of CEA-2024
      And the move to CANCELLED names beneficiary "北京冬奥会碳中和" and its reason

    Scenario: another participant cannot cancel the holder's units
      When "E1" cancels 30 t of CEA-2024 for "北京冬奥会碳中和", signed by "E2"
      Then the transaction fails with "unauthorized"

  Rule: a cancellation names its beneficiary and reason

    Scenario: a cancellation without a beneficiary is refused
      When "E1" cancels 30 t of CEA-2024 for "", signed by "E1"
      Then the transaction fails with "invalid_field"

  Rule: only units held and available can be cancelled

    Scenario Outline: a cancellation at the edge of the holding
      When "E1" cancels <amount> t of CEA-2024 for "公益", signed by "E1"
      Then the transaction ends with "<code>"

      Examples:
        | amount | code                 |
        | 99     | ok                   |
        | 100    | ok                   |
        | 101    | insufficient_holding |

    Scenario: the holder cancels the serials it names
      When "E1" cancels serials 41-50 of CEA-2024 for "公益", signed by "E1"
      Then the transaction succeeds
      And "CANCELLED" holds serials 41-50 of CEA-2024

    Scenario: serials the holder does not hold cannot be cancelled
      When "E1" cancels serials 91-110 of CEA-2024 for "公益", signed by "E1"
      Then the transaction fails with "range_not_held"

    Scenario: frozen units cannot be cancelled
      Given a court freezes 80 t of CEA-2024 of "E1"
      When "E1" cancels 21 t of CEA-2024 for "公益", signed by "E1"
      Then the transaction fails with "insufficient_holding"

  Rule: an account that may not send cannot cancel

    Scenario: a restricted account cannot cancel
      Given the registry sets "E1" to restricted
      When "E1" cancels 10 t of CEA-2024 for "公益", signed by "E1"
      Then the transaction fails with "account_restricted"

  Rule: cancelled units never move again

    Scenario: the units not cancelled still move
      Given "E1" cancels serials 1-30 of CEA-2024 for "公益", signed by "E1"
      When "E1" transfers serials 31-40 of CEA-2024 to "E2", signed by "EXCHANGE"
      Then the transaction succeeds

    Scenario: the former holder cannot transfer cancelled serials
      Given "E1" cancels serials 1-30 of CEA-2024 for "公益", signed by "E1"
      When "E1" transfers serials 1-30 of CEA-2024 to "E2", signed by "EXCHANGE"
      Then the transaction fails with "range_not_held"

    Scenario: not even the exchange can move units out of CANCELLED
      Given "E1" cancels serials 1-30 of CEA-2024 for "公益", signed by "E1"
      When "CANCELLED" transfers serials 1-30 of CEA-2024 to "E2", signed by "EXCHANGE"
      Then the transaction fails with "not_found"
