Feature: Compliance status of each entity and year (EU registry codes)
  - A query over the obligation records, not a transaction: it never fails, so each rule shows both of its outcomes.
  - "A": surrendered + offset, late surrenders included, cover verified emissions; "B": they fall short.
  - "C": verified emissions are not entered; "X": the entity is exempt.
  - On time: what was handed in by the deadline (surrendered + offset, late surrenders aside) covers verified emissions.
  - Every key emitting entity appears in a year's list, "C" when it has no record; the list is sorted by account.
  - The summary's totals include every entity, whatever its code.
  - The completion rate is handed in / verified over the entities "A" and "B": the exact numerator and denominator,
    and basis points rounded half up (exact to 0.01 %). Refunded tonnes are not handed in.

  Background:
    Given entity "E1" of province "11"
    And entity "E2" of province "11"

  Rule: "A" when everything handed in covers verified emissions, "B" when it falls short

    Scenario Outline: the status around full compliance
      Given "E1" has verified 800 t, surrendered <surrendered> t, offset 40 t and late 0 t for 2024
      When the status of "E1" for 2024 is computed
      Then the status is "<status>" and on time is <on_time>
      And the outstanding tonnes are <outstanding>

      Examples:
        | surrendered | status | on_time | outstanding |
        | 759         | B      | false   | 1           |
        | 760         | A      | true    | 0           |
        | 761         | A      | true    | 0           |

  Rule: on time counts only what was handed in by the deadline

    Scenario Outline: late surrenders make the status "A" but not on time
      Given "E1" has verified 800 t, surrendered 700 t, offset 40 t and late <late> t for 2024
      When the status of "E1" for 2024 is computed
      Then the status is "<status>" and on time is <on_time>

      Examples:
        | late | status | on_time |
        | 59   | B      | false   |
        | 60   | A      | false   |

  Rule: "C" when verified emissions are not entered

    Scenario: an allocation without verified emissions is "C"
      Given "E1" was allocated 700 t for 2024 without verified emissions
      When the status of "E1" for 2024 is computed
      Then the status is "C" and on time is false
      And the outstanding tonnes are none

    Scenario: an account with no record at all is "C"
      When the status of "E2" for 2024 is computed
      Then the status is "C" and on time is false

    Scenario: recorded verified emissions of 0 t are "A"
      Given "E1" has verified 0 t, surrendered 0 t, offset 0 t and late 0 t for 2024
      When the status of "E1" for 2024 is computed
      Then the status is "A" and on time is true

  Rule: "X" when the entity is exempt

    Scenario: an exempt entity is "X" even with verified emissions
      Given "E1" has verified 800 t, surrendered 0 t, offset 0 t and late 0 t for 2024
      And "E1" is exempt for 2024
      When the status of "E1" for 2024 is computed
      Then the status is "X" and on time is false

    Scenario: an entity that is not exempt keeps its code
      Given "E1" has verified 800 t, surrendered 0 t, offset 0 t and late 0 t for 2024
      When the status of "E1" for 2024 is computed
      Then the status is "B" and on time is false

  Rule: the list covers every record of the year, sorted by account, and the summary totals it

    Scenario: a year's list and summary
      Given entity "E3" of province "31"
      And entity "E4" of province "31"
      And "E1" has verified 800 t, surrendered 760 t, offset 40 t and late 0 t for 2024
      And "E2" has verified 200 t, surrendered 100 t, offset 0 t and late 50 t for 2024
      And "E3" was allocated 700 t for 2024 without verified emissions
      And "E4" is exempt for 2024
      And "E1" has verified 10 t, surrendered 0 t, offset 0 t and late 0 t for 2025
      When the statuses of 2024 are listed
      Then the list reads "E1" A, "E2" B, "E3" C, "E4" X in account order
      And the summary counts 4 entities, 1 on time, verified 1000 t, handed in 950 t
      And the completion rate is 9500 bp and the on-time rate 9000 bp

    Scenario: an entity without a record is listed as "C" and the totals include every entity
      Given entity "E3" of province "31"
      And "E1" has verified 800 t, surrendered 800 t, offset 0 t and late 0 t for 2024
      And "E3" was allocated 700 t for 2024 without verified emissions
      When the statuses of 2024 are listed
      Then the list reads "E1" A, "E2" C, "E3" C in account order
      And the summary totals 700 t allocated over 3 entities

    Scenario: a year without verified emissions has no completion rate
      Given "E1" was allocated 700 t for 2024 without verified emissions
      When the statuses of 2024 are listed
      Then the completion rate is none

  Rule: the completion rate is exact to 0.01 %

    Scenario Outline: the completion rate rounds half up
      Given "E1" has verified <verified> t, surrendered <handed> t, offset 0 t and late 0 t for 2024
      When the statuses of 2024 are listed
      Then the completion is <handed> t of <verified> t, <bp> bp

      Examples:
        | verified | handed | bp    |
        | 30000    | 10000  | 3333  |
        | 30000    | 20000  | 6667  |
        | 20000    | 1      | 1     |
        | 20000    | 0      | 0     |
        | 20000    | 20000  | 10000 |

    Scenario: refunded tonnes are not handed in
      Given "E1" has verified 800 t, surrendered 900 t, offset 0 t and late 0 t for 2024
      And "E1" was refunded 100 t for 2024
      When the statuses of 2024 are listed
      Then the completion is 800 t of 800 t, 10000 bp
