Feature: The working-day calendar, as ledger data the MEE sets
  - A working day is a Monday to Friday that is not a public holiday, or a Saturday or Sunday worked instead (调休), as the State Council's yearly notice says.
  - Each year's calendar is ledger data: the genesis carries 2024–2026 (the project's cli/data/cn-workdays.json), and only the MEE adds or replaces a year (set_calendar).
  - Days are dates in China Standard Time; "n working days after" a moment ends at 24:00 of the n-th working day after its day.
  - A count that reaches a year not on the ledger is refused ("calendar_missing"): the ledger never guesses a holiday.
  - Dates are real dates of the year; an adjusted working day is a Saturday or Sunday; no day is both.

  Rule: a day is a working day by its year's calendar on the ledger

    Scenario Outline: days around the 2025 National Day and other notices
      Then <day> is <kind>

      Examples:
        | day        | kind              |
        | 2025-09-26 | a working day     |
        | 2025-09-27 | not a working day |
        | 2025-09-28 | a working day     |
        | 2025-10-01 | not a working day |
        | 2025-10-08 | not a working day |
        | 2025-10-09 | a working day     |
        | 2025-10-11 | a working day     |
        | 2025-10-12 | not a working day |
        | 2024-02-09 | a working day     |
        | 2026-01-02 | not a working day |
        | 2026-01-04 | a working day     |

    Scenario Outline: n working days after a moment
      Then <n> working days after "<start>" end at "<end>"

      Examples:
        | start                     | n  | end                       |
        | 2025-09-26T10:00:00+08:00 | 7  | 2025-10-14T00:00:00+08:00 |
        | 2025-09-30T23:59:59+08:00 | 1  | 2025-10-10T00:00:00+08:00 |
        | 2025-10-10T09:00:00+08:00 | 1  | 2025-10-12T00:00:00+08:00 |
        | 2025-10-10T09:00:00+08:00 | 2  | 2025-10-14T00:00:00+08:00 |
        | 2025-12-31T10:00:00+08:00 | 1  | 2026-01-05T00:00:00+08:00 |
        | 2026-09-11T10:00:00+08:00 | 20 | 2026-10-16T00:00:00+08:00 |

  Rule: only the MEE adds or replaces a year

    Scenario: the MEE adds 2027
      When "MEE" sets the calendar of 2027 with holidays "2027-01-01" and adjusted working days ""
      Then the transaction succeeds
      And 2027-01-01 is not a working day
      And 2027-01-04 is a working day

    Scenario Outline: no one else sets it
      When "<signer>" sets the calendar of 2027 with holidays "2027-01-01" and adjusted working days ""
      Then the transaction fails with "unauthorized"

      Examples:
        | signer   |
        | REGISTRY |
        | PROV-11  |

    Scenario: the MEE replaces 2025; later counts use the new data
      When "MEE" sets the calendar of 2025 with holidays "2025-10-01,2025-10-02,2025-10-03" and adjusted working days ""
      Then the transaction succeeds
      And 2025-10-08 is a working day
      And 2025-10-11 is not a working day

  Rule: a year not on the ledger is never guessed

    Scenario: a count into 2027 before the MEE sets it
      Then counting 7 working days after "2026-12-28T10:00:00+08:00" fails with "calendar_missing"

    Scenario: the same count after the MEE sets 2027
      Given "MEE" set the calendar of 2027 with holidays "2027-01-01" and adjusted working days ""
      Then 7 working days after "2026-12-28T10:00:00+08:00" end at "2027-01-08T00:00:00+08:00"

  Rule: dates are real dates of the year, adjusted working days are weekend days, no day is both

    Scenario Outline: a malformed calendar is refused
      When "MEE" sets the calendar of 2027 with holidays "<holidays>" and adjusted working days "<worked>"
      Then the transaction fails with "invalid_field"
      And the message says "<message>"

      Examples:
        | holidays              | worked     | message                                      |
        | 2027-02-30            |            | '2027-02-30' is not a date of 2027           |
        | 2026-12-31            |            | '2026-12-31' is not a date of 2027           |
        | 2027-1-1              |            | '2027-1-1' is not a date of 2027             |
        | 2027-01-01,2027-01-01 |            | distinct dates                               |
        |                       | 2027-01-04 | 2027-01-04 is a Monday                       |
        | 2027-01-02            | 2027-01-02 | 2027-01-02 is in both                        |
