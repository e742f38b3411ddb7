Feature: Set an account's status (transaction set_account_status)
  - Only the registry operator restricts, closes or reactivates an account, giving its reason.
  - A restricted account may receive units but not send them; reactivation lifts the restriction.
  - An account closes only when every holding is empty, in every sub-state.
  - A closed account is never reopened, and the authorities' accounts never close.

  Background:
    Given entity "E1" of province "11"
    And entity "E2" of province "31"
    And vintage CEA-2024

  Rule: only the registry sets an account's status

    Scenario: the registry restricts an account
      When "REGISTRY" sets "E1" to restricted because "court freeze (2024)京01执123号"
      Then the transaction succeeds
      And "E1" is restricted because "court freeze (2024)京01执123号"

    Scenario Outline: nobody else sets an account's status
      When "<signer>" sets "E1" to restricted because "no reason"
      Then the transaction fails with "unauthorized"

      Examples:
        | signer  |
        | MEE     |
        | PROV-11 |
        | E1      |

  Rule: a restricted account may receive but not send

    Scenario: a restricted account receives units
      Given "E2" holds 10 t of CEA-2024
      And the registry sets "E1" to restricted
      When "E2" transfers 10 t of CEA-2024 to "E1"
      Then the transaction succeeds

    Scenario: a restricted account cannot send units
      Given "E1" holds 10 t of CEA-2024
      And the registry sets "E1" to restricted
      When "E1" transfers 10 t of CEA-2024 to "E2"
      Then the transaction fails with "account_restricted"

  Rule: reactivation lifts a restriction

    Scenario: a reactivated account sends again
      Given "E1" holds 10 t of CEA-2024
      And the registry sets "E1" to restricted
      And the registry sets "E1" to active
      When "E1" transfers 10 t of CEA-2024 to "E2"
      Then the transaction succeeds

    Scenario: an active account cannot be reactivated
      When "REGISTRY" sets "E1" to active because "no change"
      Then the transaction fails with "invalid_state"

  Rule: an account closes only when every holding is empty

    Scenario Outline: closing after sending the holding away
      Given "E1" holds 10 t of CEA-2024
      And "E1" transferred <sent> t of CEA-2024 to "E2"
      When "REGISTRY" sets "E1" to closed because "entity dissolved"
      Then the transaction ends with "<code>"

      Examples:
        | sent | code          |
        | 9    | invalid_state |
        | 10   | ok            |

    Scenario: frozen units keep an account open
      Given "E1" holds 5 t of CEA-2024 frozen
      When "REGISTRY" sets "E1" to closed because "entity dissolved"
      Then the transaction fails with "invalid_state"

  Rule: a closed account is never reopened

    Scenario: the registry closes an empty account for good
      When "REGISTRY" sets "E1" to closed because "entity dissolved"
      Then the transaction succeeds
      And "E1" is closed because "entity dissolved"

    Scenario: a closed account receives nothing
      Given the registry sets "E1" to closed
      And "E2" holds 10 t of CEA-2024
      When "E2" transfers 10 t of CEA-2024 to "E1"
      Then the transaction fails with "account_closed"

    Scenario Outline: a closed account keeps its status
      Given the registry sets "E1" to closed
      When "REGISTRY" sets "E1" to <status> because "reopen"
      Then the transaction fails with "invalid_state"

      Examples:
        | status     |
        | active     |
        | restricted |
        | closed     |

  Rule: the authorities' accounts never close

    Scenario: another institution's empty account closes
      Given holder "H1"
      When "REGISTRY" sets "H1" to closed because "left the market"
      Then the transaction succeeds
      And "H1" is closed because "left the market"

    Scenario Outline: an authority's account cannot be closed
      When "REGISTRY" sets "<authority>" to closed because "no longer needed"
      Then the transaction fails with "invalid_state"

      Examples:
        | authority |
        | MEE       |
        | PROV-11   |
        | REGISTRY  |
        | EXCHANGE  |
