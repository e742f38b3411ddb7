Feature: The transaction envelope: sequential nonces
  - Every transaction carries a nonce: the count of its primary (first) signer's transactions, like a Cosmos account sequence.
  - A participant's nonces run 1, 2, 3, … with no gaps: a transaction's nonce is its signer's last committed nonce + 1, exactly.
  - A nonce at or below the last committed one is a replay and is refused (nonce_reused).
  - A nonce beyond the next one is refused (nonce_gap): the missing transactions go first.
  - A transaction refused by its rule (an insufficient holding, a missing signature, …) does not use up its nonce.
  - Only the primary signer's nonce counts; co-signers' nonces stay as they are.
  (A registered participant starts at nonce 0; E1 and E2 below have sent nothing yet.)

  Background:
    Given entity "E1" of province "11"
    And entity "E2" of province "11"
    And "E1" holds 100 t of CEA-2024
    And the MEE allows bilateral transfers

  Rule: a transaction carries its signer's next nonce

    Scenario: the next nonce is accepted
      Given "E1" transferred 10 t of CEA-2024 to "E2"
      When "E1" transfers 10 t of CEA-2024 to "E2" with nonce 2
      Then the transaction succeeds
      And the last nonce of "E1" is 2

    Scenario Outline: nonces around the next one, after two committed transactions
      Given "E1" transferred 10 t of CEA-2024 to "E2"
      And "E1" transferred 10 t of CEA-2024 to "E2"
      When "E1" transfers 10 t of CEA-2024 to "E2" with nonce <nonce>
      Then the transaction ends with "<code>"
      And the last nonce of "E1" is <last>

      Examples:
        | nonce | code         | last |
        | 1     | nonce_reused | 2    |
        | 2     | nonce_reused | 2    |
        | 3     | ok           | 3    |
        | 4     | nonce_gap    | 2    |
        | 9     | nonce_gap    | 2    |
        | 9007199254740991 | nonce_gap | 2 |

  Rule: a used nonce is refused as a replay

    Scenario: a participant's first transaction carries nonce 1
      When "E1" transfers 10 t of CEA-2024 to "E2" with nonce 1
      Then the transaction succeeds
      And the last nonce of "E1" is 1

    Scenario: the same nonce twice
      Given "E1" transferred 10 t of CEA-2024 to "E2"
      When "E1" transfers 10 t of CEA-2024 to "E2" with nonce 1
      Then the transaction fails with "nonce_reused"
      And the message says "its next nonce is 2 (last committed 1)"
      And "E2" holds 10 t of CEA-2024

  Rule: a nonce may not skip ahead

    Scenario: a mistyped huge nonce cannot lock the account
      When "E1" transfers 10 t of CEA-2024 to "E2" with nonce 9007199254740991
      Then the transaction fails with "nonce_gap"
      And the last nonce of "E1" is 0
      When "E1" transfers 10 t of CEA-2024 to "E2" with nonce 1
      Then the transaction succeeds

    Scenario: a nonce one past the next
      When "E1" transfers 10 t of CEA-2024 to "E2" with nonce 2
      Then the transaction fails with "nonce_gap"
      And the message says "skips ahead: its next nonce is 1 (last committed 0); send the missing ones first"
      And "E2" holds 0 t of CEA-2024

  Rule: a transaction refused by its rule does not use up its nonce

    Scenario: the nonce of a refused transfer goes to the next transaction
      When "E1" transfers 1000 t of CEA-2024 to "E2" with nonce 1
      Then the transaction fails with "insufficient_holding"
      And the last nonce of "E1" is 0
      When "E1" transfers 10 t of CEA-2024 to "E2" with nonce 1
      Then the transaction succeeds
      And the last nonce of "E1" is 1

    Scenario: after a refused transfer, the nonce after it is a gap
      When "E1" transfers 1000 t of CEA-2024 to "E2" with nonce 1
      Then the transaction fails with "insufficient_holding"
      When "E1" transfers 10 t of CEA-2024 to "E2" with nonce 2
      Then the transaction fails with "nonce_gap"
      And the last nonce of "E1" is 0

  Rule: only the primary signer's nonce counts

    Scenario: the province signs first, the registry co-signs
      Given the 2025 cycle with deadline "2026-12-31T23:59:59+08:00" and pre_allocation_bp 5000
      When "E1" is pre-allocated 2025 on a basis of 100 t, signed by "PROV-11,REGISTRY"
      Then the transaction succeeds
      And the last nonce of "PROV-11" is 1
      # the registry's two nonces are the registrations of E1 and E2 in the background
      And the last nonce of "REGISTRY" is 2
