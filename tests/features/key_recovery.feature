Feature: Recover the keys of an account that lost them
  - The registry and the account's supervising authority ask together (request_key_recovery): an entity's province; the MEE for another market participant, a province or the exchange; the MEE and the exchange for the registry; the registry, the exchange and a province for the MEE.
  - Nobody asks alone, and one account never stands for two of the institutions that ask.
  - The recovery waits recovery_wait_working_days working days (a market rule, default 7), counted on the ledger's calendar from the day after the request; until then the account's current policy can veto it (veto_key_recovery).
  - After the wait, an institution that asked completes it (complete_key_recovery): the keys and the threshold are replaced, the old keys sign nothing more.
  - Each request reference is executed once, one recovery of an account waits at a time, and the new policy is one the account may have.
  (A key is named by its seed: "E1a", "E1b" are entity E1's keys, "N1", "N2" fresh keys.)

  Background:
    Given the market rule "entity_min_signers" is 2
    And entity "E1" of province "11" with keys "E1a,E1b" and threshold 2

  Rule: the registry and the account's supervising authority ask together

    Scenario: the registry and the entity's province ask for new keys
      When "REGISTRY,PROV-11" ask for the key recovery "KR-1" of "E1" with keys "N1,N2" and threshold 2, at "2025-09-26T10:00:00+08:00"
      Then the transaction succeeds
      And the key recovery of "E1" is pending, due "2025-10-14T00:00:00+08:00"
      And key "E1a" signs for "E1"
      And key "N1" signs for nobody

    Scenario Outline: who asks for whose keys
      When "<signers>" ask for the key recovery "KR-1" of "<account>" with keys "<keys>" and threshold <k>
      Then the transaction ends with "<code>"

      Examples:
        | account  | signers                   | keys  | k | code         |
        | E1       | REGISTRY,PROV-11          | N1,N2 | 2 | ok           |
        | E1       | PROV-11,REGISTRY          | N1,N2 | 2 | ok           |
        | E1       | REGISTRY                  | N1,N2 | 2 | unauthorized |
        | E1       | PROV-11                   | N1,N2 | 2 | unauthorized |
        | E1       | REGISTRY,PROV-31          | N1,N2 | 2 | unauthorized |
        | E1       | REGISTRY,MEE              | N1,N2 | 2 | unauthorized |
        | PROV-11  | REGISTRY,MEE              | N1    | 1 | ok           |
        | PROV-11  | REGISTRY                  | N1    | 1 | unauthorized |
        | PROV-11  | REGISTRY,PROV-31          | N1    | 1 | unauthorized |
        | EXCHANGE | REGISTRY,MEE              | N1    | 1 | ok           |
        | REGISTRY | MEE,EXCHANGE              | N1    | 1 | ok           |
        | REGISTRY | MEE                       | N1    | 1 | unauthorized |
        | MEE      | REGISTRY,EXCHANGE,PROV-31 | N1    | 1 | ok           |
        | MEE      | REGISTRY,EXCHANGE         | N1    | 1 | unauthorized |
        | MEE      | REGISTRY                  | N1    | 1 | unauthorized |

    Scenario: another market participant's supervisor is the MEE
      Given holder "H1" with keys "H1a" and threshold 1
      When "REGISTRY,MEE" ask for the key recovery "KR-1" of "H1" with keys "N1" and threshold 1
      Then the transaction succeeds

    Scenario: one account cannot stand for two institutions
      Given an account "BOTH" with the roles registry and province of "11", written before the rule
      When "BOTH" ask for the key recovery "KR-1" of "E1" with keys "N1,N2" and threshold 2
      Then the transaction fails with "same_institution"

  Rule: the wait counts working days on the ledger's calendar

    Scenario Outline: seven working days over the 2025 National Day week (10-01 to 10-08 off, 09-28 and 10-11 worked)
      Given "REGISTRY,PROV-11" asked for the key recovery "KR-1" of "E1" with keys "N1,N2" and threshold 2, at "2025-09-26T10:00:00+08:00"
      When "REGISTRY" completes the key recovery "KR-1" of "E1", at "<time>"
      Then the transaction ends with "<code>"

      Examples:
        | time                      | code                   |
        | 2025-10-10T10:00:00+08:00 | recovery_wait_not_over |
        | 2025-10-13T23:59:59+08:00 | recovery_wait_not_over |
        | 2025-10-14T00:00:00+08:00 | ok                     |
        | 2025-10-20T10:00:00+08:00 | ok                     |

    Scenario: a request late in the day waits as long as one in the morning
      When "REGISTRY,PROV-11" ask for the key recovery "KR-1" of "E1" with keys "N1,N2" and threshold 2, at "2025-09-26T23:59:00+08:00"
      Then the key recovery of "E1" is pending, due "2025-10-14T00:00:00+08:00"

    Scenario: a Saturday worked instead of a holiday counts
      Given the market rule "recovery_wait_working_days" is 1
      When "REGISTRY,PROV-11" ask for the key recovery "KR-1" of "E1" with keys "N1,N2" and threshold 2, at "2025-10-10T09:00:00+08:00"
      Then the key recovery of "E1" is pending, due "2025-10-12T00:00:00+08:00"

    Scenario: a wait into a year whose calendar is not on the ledger is refused
      When "REGISTRY,PROV-11" ask for the key recovery "KR-1" of "E1" with keys "N1,N2" and threshold 2, at "2026-12-28T10:00:00+08:00"
      Then the transaction fails with "calendar_missing"
      And the message says "the working-day calendar of 2027 is not on the ledger"

  Rule: the account's current policy can veto the recovery during the wait

    Scenario Outline: a veto until the end of the wait
      Given "REGISTRY,PROV-11" asked for the key recovery "KR-1" of "E1" with keys "N1,N2" and threshold 2, at "2025-09-26T10:00:00+08:00"
      When "E1a,E1b" veto the key recovery "KR-1" of "E1", at "<time>"
      Then the transaction ends with "<code>"

      Examples:
        | time                      | code               |
        | 2025-09-26T10:00:01+08:00 | ok                 |
        | 2025-10-13T23:59:59+08:00 | ok                 |
        | 2025-10-14T00:00:00+08:00 | veto_window_closed |

    Scenario: a vetoed recovery never completes
      Given "REGISTRY,PROV-11" asked for the key recovery "KR-1" of "E1" with keys "N1,N2" and threshold 2, at "2025-09-26T10:00:00+08:00"
      And "E1a,E1b" vetoed the key recovery "KR-1" of "E1", at "2025-09-29T10:00:00+08:00"
      When "REGISTRY" completes the key recovery "KR-1" of "E1", at "2025-10-20T10:00:00+08:00"
      Then the transaction fails with "recovery_closed"
      And key "N1" signs for nobody
      And key "E1a" signs for "E1"

    Scenario Outline: only the account's policy vetoes
      Given "REGISTRY,PROV-11" asked for the key recovery "KR-1" of "E1" with keys "N1,N2" and threshold 2, at "2025-09-26T10:00:00+08:00"
      When "<signers>" veto the key recovery "KR-1" of "E1", at "2025-09-29T10:00:00+08:00"
      Then the transaction ends with "<code>"

      Examples:
        | signers  | code              |
        | E1a      | threshold_not_met |
        | REGISTRY | unauthorized      |
        | PROV-11  | unauthorized      |

  Rule: after the wait, an institution that asked completes the recovery

    Scenario: the province completes it; the keys and the policy are replaced
      Given "REGISTRY,PROV-11" asked for the key recovery "KR-1" of "E1" with keys "N1,N2" and threshold 2, at "2025-09-26T10:00:00+08:00"
      When "PROV-11" completes the key recovery "KR-1" of "E1", at "2025-10-14T09:00:00+08:00"
      Then the transaction succeeds
      And key "N1" signs for "E1"
      And key "E1a" signs for nobody
      And "E1" has threshold 2 of 2 keys
      And the key recovery of "E1" is completed, due "2025-10-14T00:00:00+08:00"

    Scenario: an institution that did not ask cannot complete it
      Given "REGISTRY,PROV-11" asked for the key recovery "KR-1" of "E1" with keys "N1,N2" and threshold 2, at "2025-09-26T10:00:00+08:00"
      When "PROV-31" completes the key recovery "KR-1" of "E1", at "2025-10-14T09:00:00+08:00"
      Then the transaction fails with "unauthorized"

    Scenario: a recovery completes once
      Given "REGISTRY,PROV-11" asked for the key recovery "KR-1" of "E1" with keys "N1,N2" and threshold 2, at "2025-09-26T10:00:00+08:00"
      And "REGISTRY" completed the key recovery "KR-1" of "E1", at "2025-10-14T09:00:00+08:00"
      When "REGISTRY" completes the key recovery "KR-1" of "E1", at "2025-10-15T09:00:00+08:00"
      Then the transaction fails with "recovery_closed"

    Scenario: the MEE's lost key is replaced by three institutions, and the new key creates instruments
      Given "REGISTRY,EXCHANGE,PROV-31" asked for the key recovery "KR-9" of "MEE" with keys "N1" and threshold 1, at "2025-09-26T10:00:00+08:00"
      And "EXCHANGE" completed the key recovery "KR-9" of "MEE", at "2025-10-14T09:00:00+08:00"
      When "N1" creates instrument CEA-2030
      Then the transaction succeeds
      And key "MEE" signs for nobody

  Rule: a request is executed once, and one recovery of an account waits at a time

    Scenario: another request while one waits
      Given "REGISTRY,PROV-11" asked for the key recovery "KR-1" of "E1" with keys "N1,N2" and threshold 2, at "2025-09-26T10:00:00+08:00"
      When "REGISTRY,PROV-11" ask for the key recovery "KR-2" of "E1" with keys "N3,N4" and threshold 2, at "2025-09-29T10:00:00+08:00"
      Then the transaction fails with "recovery_pending"

    Scenario Outline: a new request after a veto
      Given "REGISTRY,PROV-11" asked for the key recovery "KR-1" of "E1" with keys "N1,N2" and threshold 2, at "2025-09-26T10:00:00+08:00"
      And "E1a,E1b" vetoed the key recovery "KR-1" of "E1", at "2025-09-29T10:00:00+08:00"
      When "REGISTRY,PROV-11" ask for the key recovery "<ref>" of "E1" with keys "N3,N4" and threshold 2, at "2025-09-30T10:00:00+08:00"
      Then the transaction ends with "<code>"

      Examples:
        | ref  | code           |
        | KR-1 | already_exists |
        | KR-2 | ok             |

  Rule: the new policy is one the account may have

    Scenario Outline: an entity's new keys and threshold
      When "REGISTRY,PROV-11" ask for the key recovery "KR-1" of "E1" with keys "<keys>" and threshold <k>
      Then the transaction ends with "<code>"

      Examples:
        | keys       | k | code                    |
        | N1,N2      | 1 | signing_policy_too_weak |
        | N1         | 2 | threshold_above_keys    |
        | N1,N2      | 2 | ok                      |
        | E1b,N1     | 2 | ok                      |
        | N1,PROV-31 | 2 | already_exists          |
