Feature: Rotate the keys of an account
  - A participant adds and removes its keys, or changes its threshold, signing with its current policy met (k of its keys).
  - Nobody else changes an account's keys: not the registry alone, whatever it cites (a lost key goes through key recovery).
  - A removed key signs nothing more; an added key signs at once.
  - An account keeps 1 to 8 keys; a key belongs to one participant only; only the account's own keys are removed.
  - A closed account's keys no longer change.
  - The policy after a rotation is one the account may have: k ≤ its keys, an entity's k ≥ entity_min_signers.
  (A key is named by its seed: "E1" is the first key of entity E1, "K1", "K2" … are fresh keys.)

  Background:
    Given entity "E1" of province "11"
    And entity "E2" of province "31"

  Rule: the participant signs its own rotation

    Scenario: the participant replaces its key
      When "E1" rotates the keys of "E1", adding "K1" and removing "E1"
      Then the transaction succeeds
      And key "K1" signs for "E1"
      And key "E1" signs for nobody

    Scenario: another participant cannot rotate the keys
      When "E2" rotates the keys of "E1", adding "K1" and removing ""
      Then the transaction fails with "unauthorized"

  Rule: the registry alone never changes an account's keys

    Scenario: the registry cannot rotate an entity's keys
      When "REGISTRY" rotates the keys of "E1", adding "K1" and removing "E1"
      Then the transaction fails with "unauthorized"
      And key "E1" signs for "E1"
      And key "K1" signs for nobody

    Scenario: a rotation no longer cites a request of the registry
      When "REGISTRY" rotates the keys of "E1", adding "K1" and removing "E1", on request "REQ-2024-001"
      Then the transaction fails with "invalid_field"
      And the message says "unknown field request_ref"

    Scenario: regression: the registry cannot add its key to PROV-37 and then issue 9×10^14 t
      Given the MEE registered the provincial authority "PROV-37"
      And entity "E37" of province "37"
      And the 2024 cycle with deadline "2025-12-31T23:59:59+08:00"
      When "REGISTRY" rotates the keys of "PROV-37", adding "K1" and removing ""
      Then the transaction fails with "unauthorized"
      And key "K1" signs for nobody
      When "E37" is pre-allocated 2024 on a basis of 900000000000000 t, signed by "K1,REGISTRY"
      Then the transaction fails with "unauthorized"
      And "E37" holds 0 t of CEA-2024

    Scenario: regression: the registry cannot replace the MEE's key and then create instruments
      When "REGISTRY" rotates the keys of "MEE", adding "K1" and removing "MEE"
      Then the transaction fails with "unauthorized"
      And key "MEE" signs for "MEE"
      When "K1" creates instrument CEA-2030
      Then the transaction fails with "unauthorized"

  Rule: a removed key signs nothing more

    Scenario: the added key signs
      Given "E1" rotated its keys, adding "K1" and removing "E1"
      When "K1" rotates the keys of "E1", adding "K2" and removing ""
      Then the transaction succeeds

    Scenario: the removed key cannot sign
      Given "E1" rotated its keys, adding "K1" and removing "E1"
      When "E1" rotates the keys of "E1", adding "K2" and removing ""
      Then the transaction fails with "unauthorized"

  Rule: an account keeps at least one key

    Scenario Outline: removing keys from an account with two keys
      Given "E1" rotated its keys, adding "K1" and removing ""
      When "E1" rotates the keys of "E1", adding "" and removing "<remove>"
      Then the transaction ends with "<code>"

      Examples:
        | remove | code          |
        | K1     | ok            |
        | E1,K1  | invalid_field |

    Scenario: a rotation may replace every key at once
      Given "E1" rotated its keys, adding "K1" and removing ""
      When "E1" rotates the keys of "E1", adding "K2" and removing "E1,K1"
      Then the transaction succeeds
      And key "K2" signs for "E1"

  Rule: an account keeps at most 8 keys

    Scenario Outline: adding fresh keys to an account with one key
      When "E1" adds <count> fresh keys
      Then the transaction ends with "<code>"

      Examples:
        | count | code          |
        | 6     | ok            |
        | 7     | ok            |
        | 8     | invalid_field |

  Rule: a key belongs to one participant only

    Scenario: a fresh key is added
      When "E1" rotates the keys of "E1", adding "K1" and removing ""
      Then the transaction succeeds
      And key "E1" signs for "E1"

    Scenario: another participant's key cannot be added
      When "E1" rotates the keys of "E1", adding "E2" and removing ""
      Then the transaction fails with "already_exists"

  Rule: only the account's own keys are removed

    Scenario: the participant removes one of its own keys
      Given "E1" rotated its keys, adding "K1" and removing ""
      When "K1" rotates the keys of "E1", adding "" and removing "E1"
      Then the transaction succeeds
      And key "E1" signs for nobody

    Scenario: another participant's key cannot be removed
      When "E1" rotates the keys of "E1", adding "K1" and removing "E2"
      Then the transaction fails with "invalid_field"

  Rule: a closed account's keys no longer change

    Scenario: a restricted account rotates its keys
      Given the registry sets "E1" to restricted
      When "E1" rotates the keys of "E1", adding "K1" and removing "E1"
      Then the transaction succeeds

    Scenario: a closed account cannot rotate its keys
      Given the registry sets "E1" to closed
      When "E1" rotates the keys of "E1", adding "K1" and removing "E1"
      Then the transaction fails with "account_closed"

  Rule: a policy changes only with the account's own policy met

    Scenario: a second key, then a threshold of 2
      Given "E1" rotated its keys, adding "K1" and removing ""
      When "E1" rotates the keys of "E1", adding "" and removing "", with threshold 2
      Then the transaction succeeds
      And "E1" has threshold 2 of 2 keys

    Scenario Outline: after that, a rotation needs two of its keys
      Given "E1" rotated its keys, adding "K1" and removing "", with threshold 2
      When "<signers>" rotates the keys of "E1", adding "K2" and removing ""
      Then the transaction ends with "<code>"

      Examples:
        | signers | code              |
        | E1      | threshold_not_met |
        | K1      | threshold_not_met |
        | E1,K1   | ok                |

    Scenario: nor may another account lower the threshold
      Given "E1" rotated its keys, adding "K1" and removing "", with threshold 2
      When "E2" rotates the keys of "E1", adding "" and removing "", with threshold 1
      Then the transaction fails with "unauthorized"
      And "E1" has threshold 2 of 2 keys

  Rule: the policy after a rotation is one the account may have

    Scenario Outline: the threshold of an account with two keys
      Given "E1" rotated its keys, adding "K1" and removing ""
      When "E1" rotates the keys of "E1", adding "" and removing "", with threshold <k>
      Then the transaction ends with "<code>"

      Examples:
        | k | code                 |
        | 1 | ok                   |
        | 2 | ok                   |
        | 3 | threshold_above_keys |

    Scenario: a key cannot be removed below the threshold
      Given "E1" rotated its keys, adding "K1" and removing "", with threshold 2
      When "E1,K1" rotates the keys of "E1", adding "" and removing "K1"
      Then the transaction fails with "threshold_above_keys"

    Scenario Outline: an entity keeps at least entity_min_signers
      Given "E1" rotated its keys, adding "K1" and removing "", with threshold 2
      And the market rule "entity_min_signers" is 2
      When "E1,K1" rotates the keys of "E1", adding "<add>" and removing "", with threshold <k>
      Then the transaction ends with "<code>"

      Examples:
        | add | k | code                    |
        | K2  | 1 | signing_policy_too_weak |
        | K2  | 2 | ok                      |
        | K2  | 3 | ok                      |
