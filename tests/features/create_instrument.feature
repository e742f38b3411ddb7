Feature: Create an instrument (a CEA vintage)
  - Each allocation year is its own instrument, fungible only within its vintage: CEA-2021 … CEA-2025.
  - The first period's two years form one instrument, CEA-2019-2020, whose vintage is its last year.
  - Only the MEE creates an instrument, and each only once.
  - A new instrument has issued nothing; its first serial is 1.

  Rule: the MEE creates a vintage

    Scenario: the MEE creates the 2024 vintage
      When "MEE" creates instrument "CEA-2024" of vintage 2024
      Then the transaction succeeds
      And instrument "CEA-2024" has vintage 2024, issued 0 and next serial 1

    Scenario: the registry cannot create a vintage
      When "REGISTRY" creates instrument "CEA-2024" of vintage 2024
      Then the transaction fails with "unauthorized"

  Rule: an instrument is created once

    Scenario: two vintages are two instruments
      Given instrument "CEA-2023" of vintage 2023
      When "MEE" creates instrument "CEA-2024" of vintage 2024
      Then the transaction succeeds

    Scenario: a vintage cannot be created twice
      Given instrument "CEA-2024" of vintage 2024
      When "MEE" creates instrument "CEA-2024" of vintage 2024
      Then the transaction fails with "already_exists"

  Rule: the id names the vintage year

    Scenario Outline: ids and vintages
      When "MEE" creates instrument "<id>" of vintage <vintage>
      Then the transaction ends with "<code>"

      Examples:
        | id            | vintage | code          |
        | CEA-2019-2020 | 2020    | ok            |
        | CEA-2019-2020 | 2019    | invalid_field |
        | CEA-2025      | 2024    | invalid_field |
        | CEA-2025      | 2025    | ok            |
        | CEA-2025      | 2026    | invalid_field |
        | CCER-2025     | 2025    | invalid_field |
        | CEA-25        | 2025    | invalid_field |
