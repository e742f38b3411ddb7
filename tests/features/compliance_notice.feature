Feature: The compliance notice of an entity and year (履约通知)
  - A public query, not a transaction: it fails only for an unknown account, a participant that is not an entity, or a
    year whose cycle the MEE has not set.
  - It states the obligation (verified emissions, none until recorded), the deadline and the eligible vintages.
  - The CCER offset cap in tonnes is the cycle's offset_cap_bp × the obligation, rounded down (S2 Art.29: ≤ 5 %).
  - The allocation to date: pre-allocated, allocated net of take-backs, and next year's deduction applied.

  Background:
    Given entity "E1" of province "11"
    And the 2024 cycle with deadline "2025-12-31T23:59:59+08:00"

  Rule: the notice states the obligation, the deadline and the allocation to date

    Scenario: the notice of an entity with verified emissions and a pre-allocation
      Given "E1" was pre-allocated 2024 on a basis of 1000 t
      And "PROV-11" recorded 120000 t for "E1" in 2024
      When the 2024 notice of "E1" is read
      Then the notice reads an obligation of 120000 t due "2025-12-31T23:59:59+08:00"
      And the notice reads 700 t allocated to date, 700 t of it pre-allocated
      And the notice reads an offset cap of 6000 t

    Scenario: the notice before verified emissions are recorded has no obligation yet
      When the 2024 notice of "E1" is read
      Then the notice reads no obligation and no offset cap

  Rule: the CCER offset cap is the cycle's share of the obligation, rounded down

    Scenario Outline: the offset cap around a whole tonne
      Given "PROV-11" recorded <verified> t for "E1" in 2024
      When the 2024 notice of "E1" is read
      Then the notice reads an offset cap of <cap> t

      Examples:
        | verified | cap |
        | 39       | 1   |
        | 40       | 2   |
        | 41       | 2   |

  Rule: only an entity of a year whose cycle is set has a notice

    Scenario: a holder has no notice
      Given holder "H1"
      When the 2024 notice of "H1" is read
      Then reading fails with "not_eligible"

    Scenario: a year without a cycle has no notice
      When the 2030 notice of "E1" is read
      Then reading fails with "not_found"
