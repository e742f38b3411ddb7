Feature: The public compliance status is fixed at the deadline
  - At the first block after a cycle's deadline, before its transactions, the ledger records every entity's status as of
    the deadline: A, B, C (no verified emissions, no record at all included) or X (exempt), with the year's totals.
  - It is fixed once and never replaced; later changes (a late surrender in the correction period, an enforcement) change
    only the current status, shown beside the fixed one.
  - An entity registered after the fixing is not part of that year's list.
  - CEA surrendered and CCER offset are shown apart (surrendered, offset), and the totals count offset_t and the
    offsetting entities.

  Background:
    Given compliance cycle 2024 with deadline "2025-12-31T23:59:59+08:00" and eligible vintages CEA-2024
    And entity "E1" of province "11"
    And entity "E2" of province "11"
    And entity "E3" of province "11"
    And entity "E4" of province "11"
    And "E1" has verified emissions of 800 t for 2024
    And "E2" has verified emissions of 800 t for 2024
    And "E4" is exempt for 2024
    And "E1" holds 800 t of CEA-2024
    And "E2" holds 800 t of CEA-2024
    And "E1" surrendered 800 t of CEA-2024 for 2024
    And "E2" surrendered 700 t of CEA-2024 for 2024

  Rule: the status is fixed at the first block after the deadline

    Scenario Outline: a block around the deadline
      When a block is made at "<time>"
      Then the 2024 status <is> fixed

      Examples:
        | time                      | is     |
        | 2025-12-31T23:59:58+08:00 | is not |
        | 2025-12-31T23:59:59+08:00 | is not |
        | 2026-01-01T00:00:00+08:00 | is     |

  Rule: every entity appears with its status as of the deadline

    Scenario: the fixed list and its totals
      When a block is made at "2026-01-01T00:00:00+08:00"
      Then the fixed 2024 list reads "E1" A, "E2" B, "E3" C, "E4" X
      And the fixed 2024 summary counts 4 entities, handed in 1500 t of 1600 t, 9375 bp

  Rule: later changes are shown beside the fixed status, never replacing it

    Scenario: a correction after the deadline changes the current status only
      Given "PROV-11" ordered "E2" to correct its 2024 shortfall by "2026-03-31T23:59:59+08:00"
      When "E2" surrenders 100 t of CEA-2024 for 2024 in the correction period
      Then the transaction succeeds
      And the public 2024 status of "E2" is "A", fixed "B", changed since the deadline
      And the public 2024 status of "E1" is "A", fixed "A", unchanged since the deadline
      And the fixed 2024 summary counts 4 entities, handed in 1500 t of 1600 t, 9375 bp

    Scenario: a status is fixed once
      Given a block is made at "2026-01-01T00:00:00+08:00"
      When a block is made at "2026-01-02T00:00:00+08:00"
      Then the 2024 status was fixed at the first of the two blocks

  Rule: an entity registered after the fixing is not part of the year

    Scenario: a later entity is left out of the year's public list
      Given a block is made at "2026-01-01T00:00:00+08:00"
      And entity "E5" of province "11"
      When the public 2024 list is read
      Then it lists "E1", "E2", "E3", "E4"
      And the public 2024 status of "E5" is "C", fixed "none", changed since the deadline

  Rule: the fixed status and totals show allowances (CEA) and offsets (CCER) apart

    Scenario: an entity that covers its emissions with CEA and CCER is A; the summary counts the offset apart
      Given entity "E6" of province "11"
      And "E6" has verified emissions of 1000 t for 2024
      And "E6" holds 950 t of CEA-2024
      And project "P1" registered on "2024-10-08"
      And "E6" holds 50 t of CCER-P1-2024 of project "P1"
      And "E6" surrendered 950 t of CEA-2024 for 2024
      And "E6" froze 50 t of CCER-P1-2024 to offset 2024
      And "E6" surrendered 50 t of CCER-P1-2024 for 2024
      When a block is made at "2026-01-01T00:00:00+08:00"
      Then the fixed 2024 status of "E6" is "A" with surrendered 950 t and offset 50 t
      And the fixed 2024 summary shows 2450 t surrendered and 50 t offset by 1 entity
