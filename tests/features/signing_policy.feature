Feature: Signing policies: an account signs when k of its n keys sign
  - Every account has a threshold k (default 1) of its n keys; a transaction is signed by the account only when at least k of its keys signed it.
  - An entity account needs at least the market rule entity_min_signers (default 2): an initiator and a confirmer (maker–checker, the EU registry's four-eyes principle).
  - The nonce belongs to the account of the first signature, whose policy must be met; another account's partial signature counts for nothing.
  - Every rule that asks for an account's signature enforces its policy, with the code "threshold_not_met" when too few of its keys signed.
  (A key is named by its seed: "E1a", "E1b" … are the keys of entity E1.)

  Background:
    Given the market rule "entity_min_signers" is 2
    And entity "E1" of province "11" with keys "E1a,E1b,E1c" and threshold 2
    And "E1" holds 100 t of CEA-2024

  Rule: an account signs when at least k of its keys sign

    Scenario Outline: a cancellation signed by some of the entity's keys (2 of 3)
      When "E1" cancels 10 t of CEA-2024, signed by "<keys>"
      Then the transaction ends with "<code>"

      Examples:
        | keys        | code              |
        | E1a         | threshold_not_met |
        | E1a,E1c     | ok                |
        | E1c,E1b     | ok                |
        | E1a,E1b,E1c | ok                |

    Scenario: the message names the keys that signed and the threshold
      When "E1" cancels 10 t of CEA-2024, signed by "E1b"
      Then the transaction fails with "threshold_not_met"
      And the message says "signed with 1 key < its threshold of 2 (2 of 3 keys)"

    Scenario: a single-key holder signs alone
      Given holder "H1" with keys "H1a" and threshold 1
      And "H1" holds 5 t of CEA-2024
      When "H1" cancels 5 t of CEA-2024, signed by "H1a"
      Then the transaction succeeds

  Rule: an entity's policy takes an initiator and a confirmer (entity_min_signers)

    Scenario Outline: an entity opened with k of 2 keys
      When the registry opens entity "E2" of province "11" with keys "E2a,E2b" and threshold <k>
      Then the transaction ends with "<code>"

      Examples:
        | k | code                    |
        | 1 | signing_policy_too_weak |
        | 2 | ok                      |
        | 3 | threshold_above_keys    |

    Scenario: a holder may sign with one key
      When the registry opens holder "H2" with keys "H2a,H2b" and threshold 1
      Then the transaction succeeds

  Rule: the nonce belongs to the account of the first signature

    Scenario: the entity's transaction uses the entity's nonce
      When "E1" cancels 10 t of CEA-2024, signed by "E1a,E1b"
      Then the transaction succeeds
      And the last nonce of "E1" is 1

    Scenario: the first signature's account must meet its policy
      When "E1" cancels 10 t of CEA-2024, signed by "E1a,REGISTRY"
      Then the transaction fails with "threshold_not_met"
      And the last nonce of "E1" is 0

    Scenario: another account's partial signature counts for nothing
      When the registry restricts "E1", co-signed by "E1a"
      Then the transaction succeeds
      # the registry's nonce 1 opened the account of E1, its nonce 2 restricted it
      And the last nonce of "REGISTRY" is 2
      And the last nonce of "E1" is 0
