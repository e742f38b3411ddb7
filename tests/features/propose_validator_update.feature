Feature: Propose a change to the validator set
  - The MEE proposes who validates the ledger: each change names a validator after the institution that runs it.
  - Power 1 to 1000 adds the validator or replaces its power and keys; power 0 removes it.
  - A validator that joins or stays needs its co-signing pubkey and its consensus key (CometBFT's), 64 lowercase hex each.
  - A validator is named after a registered institution whose account is not closed; a removal names a current validator.
  - One change per validator in a proposal; the new set has 1 to 150 validators, no two sharing a key.
  - The proposal is stored open under its id, used once, until the current validators' institutions approve it.
  - When the MEE runs a validator itself, its proposal counts as its approval.
  (Keys are deterministic per institution; "a new consensus key" is a second one of the same institution.)

  Background:
    Given the validators are "REGISTRY,EXCHANGE,PROV-11,PROV-44"

  Rule: only the MEE proposes

    Scenario: the MEE proposes a new validator
      When "MEE" proposes "P1": PROV-31 at power 10
      Then the transaction succeeds
      And proposal "P1" is open with approvals ""
      And the event says "MEE" proposed "P1" to 4 validators with quorum 3
      And the validators are "EXCHANGE:10, PROV-11:10, PROV-44:10, REGISTRY:10"

    Scenario Outline: no one else proposes
      When "<signer>" proposes "P1": PROV-31 at power 10
      Then the transaction fails with "unauthorized"

      Examples:
        | signer   |
        | REGISTRY |
        | PROV-11  |

  Rule: the MEE's proposal counts as its approval when it runs a validator

    Scenario: the MEE runs a validator
      Given the validators are "MEE,REGISTRY,EXCHANGE,PROV-11"
      When "MEE" proposes "P1": PROV-31 at power 10
      Then the transaction succeeds
      And proposal "P1" is open with approvals "MEE"

    Scenario: the MEE is the only validator: its proposal applies at once
      Given the validators are "MEE"
      When "MEE" proposes "P1": REGISTRY at power 10
      Then the transaction succeeds
      And proposal "P1" is applied
      And the validators are "MEE:10, REGISTRY:10"

  Rule: a validator is named after a registered institution whose account is open

    Scenario: a name that is no participant
      When "MEE" proposes "P1": NOBODY-CO at power 10
      Then the transaction fails with "not_found"
      And the message says "validator NOBODY-CO is no participant"

    Scenario: a closed institution runs no validator
      Given holder "H1"
      And the registry sets "H1" to closed
      When "MEE" proposes "P1": H1 at power 10
      Then the transaction fails with "account_closed"

  Rule: power 0 removes a current validator

    Scenario: removing a validator
      When "MEE" proposes "P1": EXCHANGE at power 0
      Then the transaction succeeds
      And proposal "P1" is open with approvals ""

    Scenario: removing an institution that runs no validator
      When "MEE" proposes "P1": PROV-31 at power 0
      Then the transaction fails with "not_found"
      And the message says "validator PROV-31 is not in the current set"

    Scenario: a removal's keys, when given, are the validator's own
      When "MEE" proposes "P1": EXCHANGE at power 0 with the consensus key of REGISTRY
      Then the transaction fails with "invalid_field"

    Scenario: a validator without a consensus key cannot be removed
      Given the test genesis validator set
      When "MEE" proposes "P1": v1 at power 0, REGISTRY at power 10
      Then the transaction fails with "invalid_validator_set"
      And the message says "validator v1 has no consensus_pubkey"

  Rule: the power of a validator that joins or stays is 1 to 1000

    Scenario Outline: power around the bounds
      When "MEE" proposes "P1": PROV-31 at power <power>
      Then the transaction ends with "<code>"

      Examples:
        | power | code          |
        | -1    | invalid_field |
        | 1     | ok            |
        | 1000  | ok            |
        | 1001  | invalid_field |

    Scenario: changing the power and keys of a current validator
      When "MEE" proposes "P1": REGISTRY at power 20 with a new consensus key
      Then the transaction succeeds

  Rule: a validator that joins or stays needs its consensus key

    Scenario: a new validator without a consensus key
      When "MEE" proposes "P1": PROV-31 at power 10 without a consensus key
      Then the transaction fails with "invalid_field"
      And the message says "is missing consensus_pubkey"

  Rule: one change per validator in a proposal

    Scenario: the same validator twice
      When "MEE" proposes "P1": PROV-31 at power 10, PROV-31 at power 20
      Then the transaction fails with "invalid_field"
      And the message says "changes name validator PROV-31 more than once"

  Rule: the new set keeps at least one validator

    Scenario Outline: removing validators
      When "MEE" proposes "P1": <changes>
      Then the transaction ends with "<code>"

      Examples:
        | changes                                                                               | code                  |
        | REGISTRY at power 0, EXCHANGE at power 0, PROV-11 at power 0                          | ok                    |
        | REGISTRY at power 0, EXCHANGE at power 0, PROV-11 at power 0, PROV-44 at power 0      | invalid_validator_set |
        | REGISTRY at power 0, EXCHANGE at power 0, PROV-11 at power 0, PROV-44 at power 0, PROV-31 at power 1 | ok     |

  Rule: no two validators share a key

    Scenario Outline: a new validator with another's key
      When "MEE" proposes "P1": PROV-31 at power 10 with the <key> of REGISTRY
      Then the transaction fails with "invalid_validator_set"
      And the message says "validators PROV-31 and REGISTRY would share <field>"

      Examples:
        | key           | field            |
        | pubkey        | pubkey           |
        | consensus key | consensus_pubkey |

    Scenario: a consensus key cannot move from one validator to another in one proposal
      When "MEE" proposes "P1": REGISTRY at power 0, PROV-31 at power 10 with the consensus key of REGISTRY
      Then the transaction fails with "invalid_validator_set"
      And the message says "would be updated twice"

  Rule: a proposal id is used once

    Scenario: the same id again
      Given the MEE proposed "P1": PROV-31 at power 10
      When "MEE" proposes "P1": MEE at power 10
      Then the transaction fails with "already_exists"
