Feature: Carry-over notice and snapshot (S3 annex 5, 结转)
  - The MEE issues one carry-over notice: the old vintages, the target vintage, the net-sales window, the snapshot time, the application deadline, the base, the multiplier and the years to have complied on time.
  - Unstated fields take the plan's values: window 2024-01-01 .. 2025-12-31, snapshot 2025-12-31 23:59, applications until 2026-06-10, base 10,000 t, multiplier 1.5×, on time in 2023 and 2024.
  - Every instrument named exists; the target is not an old vintage; the window spans whole calendar years; the snapshot comes before the application deadline and after the notice.
  - At the first block after the snapshot time, every entity's old-vintage holdings are recorded, once: frozen units included (S3 annex 5 caps the entitlement at all old-vintage holdings at 2025-12-31 23:59).

  Background:
    Given vintages CEA-2019-2020,CEA-2023,CEA-2024,CEA-2025
    And entity "E1" of province "11"
    And "E1" holds 300 t of CEA-2023
    And "E1" holds 200 t of CEA-2024
    And "E1" holds 50 t of CEA-2025

  Rule: the MEE issues the notice, with the plan's values by default

    Scenario: the MEE issues the notice with the defaults
      When "MEE" issues the carry-over notice
      Then the transaction succeeds
      And the notice counts net sales in 2024,2025, snapshots at "2025-12-31T23:59:00+08:00" and takes applications until "2026-06-10T23:59:59+08:00"
      And the notice's entitlement is 10000 t plus 15000 bp of net sales for entities on time in 2023,2024

    Scenario Outline: no one else issues the notice
      When "<signer>" issues the carry-over notice
      Then the transaction fails with "unauthorized"

      Examples:
        | signer   |
        | REGISTRY |
        | PROV-11  |
        | E1       |

  Rule: there is one notice

    Scenario: the first notice is accepted
      When "MEE" issues the carry-over notice
      Then the transaction succeeds

    Scenario: a second notice is refused
      Given "MEE" has issued the carry-over notice
      When "MEE" issues the carry-over notice
      Then the transaction fails with "already_exists"

  Rule: every instrument named exists and the target is not an old vintage

    Scenario: an unknown old vintage is refused
      When "MEE" issues the carry-over notice with old_vintages ["CEA-2022", "CEA-2023"]
      Then the transaction fails with "not_found"

    Scenario: the target among the old vintages is refused
      When "MEE" issues the carry-over notice with old_vintages ["CEA-2024", "CEA-2025"]
      Then the transaction fails with "invalid_field"

  Rule: the window spans whole calendar years, China time

    Scenario Outline: window bounds on and off the turn of the year
      When "MEE" issues the carry-over notice with <field> "<time>"
      Then the transaction ends with "<code>"

      Examples:
        | field        | time                      | code          |
        | window_start | 2023-12-31T23:59:59+08:00 | invalid_field |
        | window_start | 2024-01-01T00:00:00+08:00 | ok            |
        | window_start | 2024-01-01T00:00:01+08:00 | invalid_field |
        | window_end   | 2025-12-31T23:59:58+08:00 | invalid_field |
        | window_end   | 2025-12-31T23:59:59+08:00 | ok            |
        | window_end   | 2024-12-31T23:59:59+08:00 | ok            |

  Rule: the snapshot comes before the application deadline

    Scenario Outline: a snapshot around the application deadline
      When "MEE" issues the carry-over notice with snapshot_time "<time>"
      Then the transaction ends with "<code>"

      Examples:
        | time                      | code          |
        | 2026-06-10T23:59:58+08:00 | ok            |
        | 2026-06-10T23:59:59+08:00 | ok            |
        | 2026-06-11T00:00:00+08:00 | invalid_field |

  Rule: the notice comes before its snapshot time

    Scenario Outline: a notice issued around the snapshot time
      When "MEE" issues the carry-over notice at "<time>"
      Then the transaction ends with "<code>"

      Examples:
        | time                      | code          |
        | 2025-12-31T23:58:59+08:00 | ok            |
        | 2025-12-31T23:59:00+08:00 | invalid_field |
        | 2025-12-31T23:59:01+08:00 | invalid_field |

  Rule: the first block after the snapshot time records every entity's old-vintage holdings, frozen ones included

    Scenario Outline: blocks around the snapshot time
      Given "MEE" has issued the carry-over notice
      And a court freezes 20 t of CEA-2023 of "E1"
      When a block is made at "<time>"
      Then the snapshot of "E1" is <snapshot>

      Examples:
        | time                      | snapshot |
        | 2025-12-31T23:58:59+08:00 | none     |
        | 2025-12-31T23:59:00+08:00 | none     |
        | 2025-12-31T23:59:01+08:00 | 500      |

    Scenario: later blocks do not change the snapshot
      Given "MEE" has issued the carry-over notice
      And entity "E2" of province "11"
      And a block is made at "2026-01-01T00:00:00+08:00"
      When "E1" transfers 100 t of CEA-2023 to "E2" at "2026-01-02T10:00:00+08:00"
      Then the transaction succeeds
      And the snapshot of "E1" is 500
      And the snapshot of "E2" is none
