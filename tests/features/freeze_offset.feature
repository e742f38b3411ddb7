Feature: Freeze CCER as pending offset for a compliance year
  - The first phase of a CCER offset: the entity signs and freezes units of a CCER for one compliance year; they move
    from available to pending offset and are listed in the year's pending offset record; its surrender consumes them.
  - Only by the cycle's deadline, judged on block time (deadline_passed), and once verified emissions are recorded.
  - Only a CCER of a project not under ETS allowance management, registered after the cycle's ccer_registered_after.
  - The cap (S2 Art.29), per entity and year across every freeze and surrender: offset + pending + new ≤ verified
    emissions × the cycle's offset_cap_bp (500 bp = 5 %), rounded down.
  - What is handed in or pending never exceeds verified emissions; only units held and available can be frozen.

  Background:
    Given compliance cycle 2024 with deadline "2025-12-31T23:59:59+08:00" and eligible vintages CEA-2024
    And entity "E1" of province "11"
    And "E1" has verified emissions of 10019 t for 2024
    And project "P1" registered on "2024-10-08"
    And "E1" holds 1000 t of CCER-P1-2024 of project "P1"

  Rule: the entity freezes its own units, which move to pending offset

    Scenario: the entity freezes CCER for its 2024 obligation
      When "E1" freezes 300 t of CCER-P1-2024 to offset 2024
      Then the transaction succeeds
      And "E1" holds 700 t available and 300 t pending offset of CCER-P1-2024
      And the 2024 pending offset record of "E1" lists CCER-P1-2024 1-300

    Scenario: another participant cannot freeze the entity's units
      Given entity "E2" of province "11"
      When "E1" freezes 300 t of CCER-P1-2024 to offset 2024, signed by "E2"
      Then the transaction fails with "unauthorized"

  Rule: a freeze is made by the cycle's deadline

    Scenario Outline: a freeze around the deadline
      When "E1" freezes 100 t of CCER-P1-2024 to offset 2024 at "<time>"
      Then the transaction ends with "<code>"

      Examples:
        | time                      | code            |
        | 2025-12-31T23:59:58+08:00 | ok              |
        | 2025-12-31T23:59:59+08:00 | ok              |
        | 2026-01-01T00:00:00+08:00 | deadline_passed |

  Rule: verified emissions must be recorded

    Scenario: an entity without verified emissions cannot freeze
      Given entity "E2" of province "11"
      And "E2" holds 100 t of CCER-P1-2024 of project "P1"
      When "E2" freezes 10 t of CCER-P1-2024 to offset 2024
      Then the transaction fails with "no_obligation"

  Rule: the offset never passes the cap, rounded down, across every freeze and surrender of the year

    Scenario Outline: one freeze around the cap of 10,019 t verified (500 bp: 500.95 t, rounded down to 500 t)
      When "E1" freezes <amount> t of CCER-P1-2024 to offset 2024
      Then the transaction ends with "<code>"

      Examples:
        | amount | code                |
        | 499    | ok                  |
        | 500    | ok                  |
        | 501    | offset_cap_exceeded |

    Scenario Outline: a second freeze around what the first left under the cap
      Given "E1" froze 300 t of CCER-P1-2024 to offset 2024
      When "E1" freezes <amount> t of CCER-P1-2024 to offset 2024
      Then the transaction ends with "<code>"

      Examples:
        | amount | code                |
        | 199    | ok                  |
        | 200    | ok                  |
        | 201    | offset_cap_exceeded |

    Scenario: the message names the offset, the pending units, the cap and its basis
      Given "E1" froze 300 t of CCER-P1-2024 to offset 2024
      When "E1" freezes 201 t of CCER-P1-2024 to offset 2024
      Then the transaction fails with "offset_cap_exceeded"
      And the message says "offset 0 t + pending 300 t + 201 t = 501 t > cap 500 t (500 bp of verified 10019 t, rounded down)"

    Scenario: a lower cap set by the MEE is the cycle's data
      Given "E1" has verified emissions of 10000 t for 2024
      And the cycle 2024 has offset_cap_bp 300
      When "E1" freezes 301 t of CCER-P1-2024 to offset 2024
      Then the transaction fails with "offset_cap_exceeded"

  Rule: what is handed in or pending never exceeds verified emissions

    Scenario: CEA already surrendered leaves no room for the offset
      Given "E1" holds 10000 t of CEA-2024
      And "E1" surrendered 9600 t of CEA-2024 for 2024
      When "E1" freezes 420 t of CCER-P1-2024 to offset 2024
      Then the transaction fails with "exceeds_obligation"
      And the message says "handed in 9600 t + pending offset 0 t + 420 t = 10020 t > verified emissions 10019 t"

  Rule: only a CCER registered after the cycle's date, of a project not under ETS, offsets

    Scenario Outline: a project registered around the cycle's ccer_registered_after
      Given the cycle 2024 takes CCER registered after "2024-01-22"
      And project "P2" registered on "<registered>"
      And "E1" holds 100 t of CCER-P2-2024 of project "P2"
      When "E1" freezes 10 t of CCER-P2-2024 to offset 2024
      Then the transaction ends with "<code>"

      Examples:
        | registered | code              |
        | 2024-01-21 | ccer_not_eligible |
        | 2024-01-22 | ccer_not_eligible |
        | 2024-01-23 | ok                |

    Scenario: the message names the registration date and the cycle's date
      Given the cycle 2024 takes CCER registered after "2024-01-22"
      And project "P2" registered on "2024-01-22"
      And "E1" holds 100 t of CCER-P2-2024 of project "P2"
      When "E1" freezes 10 t of CCER-P2-2024 to offset 2024
      Then the transaction fails with "ccer_not_eligible"
      And the message says "project P2 was registered on 2024-01-22; the 2024 cycle takes CCER of projects registered after 2024-01-22"

    Scenario: without a date in the cycle, any registered project's CCER offsets
      Given project "P2" registered on "2012-12-01"
      And "E1" holds 100 t of CCER-P2-2024 of project "P2"
      When "E1" freezes 10 t of CCER-P2-2024 to offset 2024
      Then the transaction succeeds

    Scenario: units of a project that was never registered do not offset
      Given project "P5" that was never registered (refused)
      And "E1" holds 100 t of CCER-P5-2024 of project "P5"
      When "E1" freezes 10 t of CCER-P5-2024 to offset 2024
      Then the transaction fails with "ccer_not_eligible"
      And the message says "project P5 has status refused, never registered"

    Scenario: a project whose facility is a key emitting entity never offsets
      Given entity "E2" of province "11"
      And project "P3" registered on "2024-10-08" with facility "E2"
      And "E1" holds 100 t of CCER-P3-2024 of project "P3"
      When "E1" freezes 10 t of CCER-P3-2024 to offset 2024
      Then the transaction fails with "ccer_not_eligible"
      And the message says "is under ETS allowance management"

    Scenario: a project whose facility is under a local ETS never offsets
      Given project "P4" registered on "2024-10-08" with facility "FAC-LOCAL-1"
      And the external claim "local_ets" on facility "FAC-LOCAL-1"
      And "E1" holds 100 t of CCER-P4-2024 of project "P4"
      When "E1" freezes 10 t of CCER-P4-2024 to offset 2024
      Then the transaction fails with "ccer_not_eligible"

    Scenario: allowances are not frozen as an offset
      Given "E1" holds 100 t of CEA-2024
      When "E1" freezes 10 t of CEA-2024 to offset 2024
      Then the transaction fails with "ccer_not_eligible"

  Rule: units under a fraud order do not move

    Scenario: the registry's open fraud order suspends the project's units
      Given the registry's fraud order on project "P1" is open
      When "E1" freezes 10 t of CCER-P1-2024 to offset 2024
      Then the transaction fails with "units_suspended"

  Rule: only units held and available can be frozen

    Scenario: more than the entity holds
      Given "E1" has verified emissions of 100000 t for 2024
      When "E1" freezes 1001 t of CCER-P1-2024 to offset 2024
      Then the transaction fails with "insufficient_holding"

    Scenario: the entity freezes the serials it names
      When "E1" freezes serials 101-200 of CCER-P1-2024 to offset 2024
      Then the transaction succeeds
      And the 2024 pending offset record of "E1" lists CCER-P1-2024 101-200

    Scenario: units already pending are not frozen twice
      Given "E1" froze serials 1-100 of CCER-P1-2024 to offset 2024
      When "E1" freezes serials 50-60 of CCER-P1-2024 to offset 2024
      Then the transaction fails with "range_not_held"
