Feature: Register a participant and open its one registry account
  - The registry operator opens the accounts of market participants; only the MEE registers an authority.
  - One participant, one account: an id is used once, and a key belongs to one participant only.
  - A market participant (entity, holder, project owner, VVB) is named by its unified social credit code.
  - A key emitting entity names its province (2-digit code) and its sector.
  - An account has 1 to 8 distinct Ed25519 keys; terminal account names are reserved.

  Background:
    Given entity "E1" of province "11"

  Rule: the registry opens a market participant's account

    Scenario: the registry opens a key emitting entity's account
      Given a draft participant "E2" with roles "entity"
      When "REGISTRY" submits the draft
      Then the transaction succeeds
      And "E2" is an active account with roles "entity" in province "11"

    Scenario: a provincial authority cannot open an account
      Given a draft participant "E2" with roles "entity"
      When "PROV-11" submits the draft
      Then the transaction fails with "unauthorized"

  Rule: only the MEE registers an authority

    Scenario: the MEE registers a provincial authority
      Given a draft participant "PROV-32" with roles "province"
      When "MEE" submits the draft
      Then the transaction succeeds
      And "PROV-32" is an active account with roles "province" in province "32"

    Scenario: the registry cannot register an authority
      Given a draft participant "EXCHANGE-2" with roles "exchange"
      When "REGISTRY" submits the draft
      Then the transaction fails with "unauthorized"

  Rule: one participant, one account

    Scenario: a new credit code opens a new account
      Given a draft participant "H1" with roles "holder"
      When "REGISTRY" submits the draft
      Then the transaction succeeds

    Scenario: an account id is opened only once
      Given a draft participant "E2" with roles "entity"
      And the draft takes the id of "E1"
      When "REGISTRY" submits the draft
      Then the transaction fails with "already_exists"

  Rule: a key belongs to one participant only

    Scenario: a participant with its own key
      Given a draft participant "H1" with roles "holder"
      When "REGISTRY" submits the draft
      Then the key of "H1" signs for "H1"

    Scenario: a key already in use is refused
      Given a draft participant "H1" with roles "holder"
      And the draft takes the key of "E1"
      When "REGISTRY" submits the draft
      Then the transaction fails with "already_exists"

  Rule: a market participant is named by a valid unified social credit code

    Scenario: an authority needs no credit code
      Given a draft participant "PROV-32" with roles "province"
      When "MEE" submits the draft
      Then the transaction succeeds

    Scenario: a credit code with a wrong check character is refused
      Given a draft participant "H1" with roles "holder"
      And the draft's id has a wrong check character
      When "REGISTRY" submits the draft
      Then the transaction fails with "invalid_field"

  Rule: a key emitting entity names its province and sector

    Scenario Outline: an entity of each covered sector
      Given a draft participant "E2" with roles "entity"
      And the draft has sector "<sector>"
      When "REGISTRY" submits the draft
      Then the transaction ends with "<code>"

      Examples:
        | sector    | code          |
        | power     | ok            |
        | aluminium | ok            |
        | chemicals | invalid_field |

    Scenario: an entity without a province is refused
      Given a draft participant "E2" with roles "entity"
      And the draft has no province
      When "REGISTRY" submits the draft
      Then the transaction fails with "invalid_field"

  Rule: an account has 1 to 8 distinct keys

    Scenario Outline: the number of keys at the edges
      Given a draft participant "H1" with roles "holder"
      And the draft has <count> keys
      When "REGISTRY" submits the draft
      Then the transaction ends with "<code>"

      Examples:
        | count | code          |
        | 0     | invalid_field |
        | 1     | ok            |
        | 7     | ok            |
        | 8     | ok            |
        | 9     | invalid_field |

  Rule: terminal account names are reserved

    Scenario: an authority takes an ordinary name
      Given a draft participant "EXCHANGE-2" with roles "exchange"
      When "MEE" submits the draft
      Then the transaction succeeds

    Scenario Outline: an authority cannot take a terminal account's name
      Given a draft participant "<name>" with roles "exchange"
      When "MEE" submits the draft
      Then the transaction fails with "invalid_field"

      Examples:
        | name             |
        | CANCELLED        |
        | WITHDRAWN        |
        | SURRENDERED-2024 |

  Rule: one account holds at most one of the roles MEE, province, registry and exchange

    Scenario: an authority with one role
      Given a draft participant "PROV-32" with roles "province"
      When "MEE" submits the draft
      Then the transaction succeeds

    Scenario Outline: an authority with two roles is refused
      Given a draft participant "<name>" with roles "<roles>"
      When "MEE" submits the draft
      Then the transaction fails with "conflicting_roles"

      Examples:
        | name       | roles             |
        | PROV-32    | province,registry |
        | MEE-2      | mee,exchange      |
        | REGISTRY-2 | registry,exchange |

  Rule: an account's signing policy is k of its keys, and an entity's k is at least entity_min_signers

    Scenario Outline: an entity with k of its keys, the market rule at 2
      Given the market rule "entity_min_signers" is 2
      And a draft participant "E2" with roles "entity"
      And the draft has <count> keys and threshold <k>
      When "REGISTRY" submits the draft
      Then the transaction ends with "<code>"

      Examples:
        | count | k | code                    |
        | 1     | 1 | signing_policy_too_weak |
        | 2     | 1 | signing_policy_too_weak |
        | 2     | 2 | ok                      |
        | 3     | 2 | ok                      |
        | 2     | 3 | threshold_above_keys    |

    Scenario: the threshold defaults to 1, too weak for an entity
      Given the market rule "entity_min_signers" is 2
      And a draft participant "E2" with roles "entity"
      When "REGISTRY" submits the draft
      Then the transaction fails with "signing_policy_too_weak"
      And the message says "threshold 1 < entity_min_signers 2"

    Scenario: another market participant may sign with one key
      Given the market rule "entity_min_signers" is 2
      And a draft participant "H1" with roles "holder"
      When "REGISTRY" submits the draft
      Then the transaction succeeds
