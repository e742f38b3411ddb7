Feature: Designate an entity for forced compliance (强制履约)
  - The entity's own province designates a risky or defaulting key emitting entity for a year, giving its reason.
  - From then on the entity's allocation of that year goes to the province's account (see allocate.feature).
  - The designation comes before any of the year's allowances reached the entity itself.
  - An entity is designated once per year.

  Background:
    Given entity "E1" of province "11"
    And the 2024 cycle with deadline "2025-12-31T23:59:59+08:00"

  Rule: the entity's own province designates it

    Scenario: the province designates an entity
      When "PROV-11" designates "E1" for forced compliance in 2024 because "overdue 2023 surrender"
      Then the transaction succeeds
      And "E1" is designated for forced compliance in 2024 because "overdue 2023 surrender"

    Scenario Outline: nobody else designates it
      When "<signer>" designates "E1" for forced compliance in 2024 because "risk"
      Then the transaction fails with "unauthorized"

      Examples:
        | signer   |
        | PROV-31  |
        | REGISTRY |
        | MEE      |
        | E1       |

  Rule: only a key emitting entity is designated

    Scenario: an entity is designated
      When "PROV-11" designates "E1" for forced compliance in 2024 because "risk"
      Then the transaction succeeds

    Scenario: another institution is not designated
      Given holder "H1"
      When "PROV-11" designates "H1" for forced compliance in 2024 because "risk"
      Then the transaction fails with "not_eligible"

  Rule: the designation comes before any allowance of the year reached the entity

    Scenario: the designation before the pre-allocation sends it to the province
      Given "PROV-11" designated "E1" for forced compliance in 2024
      When "E1" is pre-allocated 2024 on a basis of 1000 t
      Then the transaction succeeds
      And "PROV-11" holds 700 t earmarked of CEA-2024

    Scenario Outline: a pre-allocation around the whole deduction
      Given "E1" owes a deduction of <deduction> t for 2024
      And "E1" was pre-allocated 2024 on a basis of 1000 t
      When "PROV-11" designates "E1" for forced compliance in 2024 because "risk"
      Then the transaction ends with "<code>"

      Examples:
        | deduction | code          |
        | 699       | invalid_state |
        | 700       | ok            |
        | 701       | ok            |

  Rule: an entity is designated once per year

    Scenario: each year has its own designation
      Given "PROV-11" designated "E1" for forced compliance in 2024
      When "PROV-11" designates "E1" for forced compliance in 2025 because "risk"
      Then the transaction succeeds

    Scenario: a second designation of the same year
      Given "PROV-11" designated "E1" for forced compliance in 2024
      When "PROV-11" designates "E1" for forced compliance in 2024 because "risk"
      Then the transaction fails with "already_exists"
