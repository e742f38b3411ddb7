Feature: Rotate the keys of an account
  - A participant adds and removes its keys, signing with one of its current keys.
  - A participant that lost its keys asks the registry, which signs the rotation citing the recorded request, once.
  - A removed key signs nothing more; an added key signs at once.
  - An account keeps 1 to 8 keys; a key belongs to one participant only; only the account's own keys are removed.
  - A closed account's keys no longer change.
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

  Rule: the registry rotates the keys on the holder's recorded request, once

    Scenario: the registry replaces a lost key
      When "REGISTRY" rotates the keys of "E1", adding "K1" and removing "E1", on request "REQ-2024-001"
      Then the transaction succeeds
      And key "K1" signs for "E1"
      And request "REQ-2024-001" is recorded

    Scenario: the registry needs the request reference
      When "REGISTRY" rotates the keys of "E1", adding "K1" and removing "E1"
      Then the transaction fails with "invalid_field"

    Scenario: a request is executed only once
      Given the registry rotated the keys of "E1", adding "K1" and removing "E1", on request "REQ-2024-001"
      When "REGISTRY" rotates the keys of "E1", adding "K2" and removing "", on request "REQ-2024-001"
      Then the transaction fails with "already_exists"

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
