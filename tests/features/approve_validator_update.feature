Feature: Approve a change to the validator set
  - An institution that runs a current validator approves an open proposal of the MEE, once.
  - When approvals by current validators reach the quorum, more than two thirds of the current set, the change takes effect.
  - The new set replaces the old one, sorted by name, and is appended to the validator history with the height and proposal id.
  - The proposal is then applied and takes no more approvals.
  - The event `validator_set_changed` lists the consensus-engine updates: the consensus key and the new power of each
    changed validator, power 0 with its old consensus key for a removed one; and the hash of the new set.
  - The changes are checked again when the approval that reaches quorum would apply them: another change may have come first.
  (Keys are deterministic per institution; "a new consensus key" is a second one of the same institution.)

  Background:
    Given the validators are "REGISTRY,EXCHANGE,PROV-11,PROV-44"

  Rule: only an institution that runs a current validator approves

    Scenario: a validator's institution approves
      Given the MEE proposed "P1": PROV-31 at power 10
      When "REGISTRY" approves "P1"
      Then the transaction succeeds
      And proposal "P1" is open with approvals "REGISTRY"
      And the event says "REGISTRY" approved "P1", 1 of quorum 3

    Scenario Outline: an institution that runs no validator cannot approve
      Given the MEE proposed "P1": PROV-31 at power 10
      When "<signer>" approves "P1"
      Then the transaction fails with "unauthorized"
      And the message says "only the institutions that run a current validator approve a validator-set change: EXCHANGE, PROV-11, PROV-44, REGISTRY"

      Examples:
        | signer  |
        | PROV-31 |
        | MEE     |

  Rule: the change takes effect when approvals reach more than two thirds of the current validators

    Scenario Outline: the quorum of four validators is three
      Given the validators are "<validators>"
      And the MEE proposed "P1": PROV-31 at power 10
      And <approvers> approved "P1"
      When "<last>" approves "P1"
      Then the transaction succeeds
      And proposal "P1" is <status>
      And the validators are "<after>"

      Examples:
        | validators                       | approvers | last     | status  | after                                                  |
        | REGISTRY,EXCHANGE,PROV-11,PROV-44 | REGISTRY  | EXCHANGE | open    | EXCHANGE:10, PROV-11:10, PROV-44:10, REGISTRY:10        |
        | REGISTRY,EXCHANGE,PROV-11,PROV-44 | REGISTRY,EXCHANGE | PROV-11 | applied | EXCHANGE:10, PROV-11:10, PROV-31:10, PROV-44:10, REGISTRY:10 |
        | MEE,REGISTRY,EXCHANGE,PROV-11     | nobody    | REGISTRY | open    | EXCHANGE:10, MEE:10, PROV-11:10, REGISTRY:10            |
        | MEE,REGISTRY,EXCHANGE,PROV-11     | REGISTRY  | EXCHANGE | applied | EXCHANGE:10, MEE:10, PROV-11:10, PROV-31:10, REGISTRY:10 |

    Scenario: the applied change is recorded
      Given the MEE proposed "P1": PROV-31 at power 10, EXCHANGE at power 0
      And REGISTRY,PROV-11 approved "P1"
      When "PROV-44" approves "P1"
      Then the transaction succeeds
      And proposal "P1" is applied at this height
      And the validators are "PROV-11:10, PROV-31:10, PROV-44:10, REGISTRY:10"
      And the validator history is "P1" at this height with "PROV-11, PROV-31, PROV-44, REGISTRY"
      And the event says the validator set changed by "P1" with updates "PROV-31=10, EXCHANGE=0"
      And the event's validators hash is the hash of the new set

  Rule: each update carries a consensus key

    Scenario: a removal's update carries the removed validator's consensus key
      Given the MEE proposed "P1": EXCHANGE at power 0
      And REGISTRY,PROV-11 approved "P1"
      When "PROV-44" approves "P1"
      Then the event says the validator set changed by "P1" with updates "EXCHANGE=0"

    Scenario: a new consensus key removes the old one first
      Given the MEE proposed "P1": REGISTRY at power 20 with a new consensus key
      And REGISTRY,PROV-11 approved "P1"
      When "PROV-44" approves "P1"
      Then the event says the validator set changed by "P1" with updates "REGISTRY=0, REGISTRY=20 (new key)"
      And the validators are "EXCHANGE:10, PROV-11:10, PROV-44:10, REGISTRY:20"

  Rule: each institution approves once

    Scenario: approving twice
      Given the MEE proposed "P1": PROV-31 at power 10
      And REGISTRY approved "P1"
      When "REGISTRY" approves "P1"
      Then the transaction fails with "already_approved"

  Rule: only an open proposal takes approvals

    Scenario: no such proposal
      When "REGISTRY" approves "P9"
      Then the transaction fails with "not_found"

    Scenario: an applied proposal takes no more approvals
      Given the MEE proposed "P1": PROV-31 at power 10
      And REGISTRY,EXCHANGE,PROV-11 approved "P1"
      When "PROV-44" approves "P1"
      Then the transaction fails with "invalid_state"
      And the message says "validator-set proposal P1 is applied"

  Rule: the changes are checked again when they would take effect

    Scenario: a second removal of the same validator
      Given the MEE proposed "P1": EXCHANGE at power 0
      And the MEE proposed "P2": EXCHANGE at power 0, PROV-31 at power 10
      And REGISTRY,PROV-11,PROV-44 approved "P1"
      And REGISTRY,PROV-44 approved "P2"
      When "PROV-11" approves "P2"
      Then the transaction fails with "not_found"
      And the message says "validator EXCHANGE is not in the current set"

    Scenario: a removed validator no longer approves
      Given the MEE proposed "P1": EXCHANGE at power 0
      And the MEE proposed "P2": PROV-31 at power 10
      And REGISTRY,PROV-11,PROV-44 approved "P1"
      When "EXCHANGE" approves "P2"
      Then the transaction fails with "unauthorized"

    Scenario: approvals count against the current set
      Given the MEE proposed "P1": EXCHANGE at power 0
      And the MEE proposed "P2": PROV-31 at power 10
      And EXCHANGE approved "P2"
      And REGISTRY,PROV-11,PROV-44 approved "P1"
      When "REGISTRY" approves "P2"
      Then the transaction succeeds
      And proposal "P2" is open with approvals "EXCHANGE, REGISTRY"
      And the event says "REGISTRY" approved "P2", 1 of quorum 3
