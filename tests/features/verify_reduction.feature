Feature: Verify a reduction report (减排量核查报告)
  - The report's verifying VVB files its verification: the report's hash, a conclusion and the tonnes per year.
  - Its signed transaction is its commitment over the project, the report and the verification report's hash.
  - Only after the report's 20-working-day publicity window has closed (a window closing at 24:00 China time).
  - The VVB is still accredited and active for the methodology's field; the project is still registered.
  - The tonnes name exactly the calendar years the period touches.
  - A positive conclusion makes the report verified; a negative one ends it as refused. A report is verified once.

  Background:
    Given project owner "O1"
    And VVB "V1" accredited for fields 01
    And VVB "V2" accredited for fields 01
    And registered project "WIND-01" of "O1" validated by "V1"
    And "O1" filed a report of "WIND-01" for 2023-07-01 to 2024-06-30 verified by "V2" on 2025-03-03

  Rule: the verification comes after the publicity window (closing 2025-04-01T00:00:00+08:00)

    Scenario Outline: a verification around the window's close
      When "V2" verifies report 1 of "WIND-01" positive with 2023: 400, 2024: 600 on <when>
      Then the transaction ends with "<code>"

      Examples:
        | when                      | code                  |
        | 2025-03-31T23:59:59+08:00 | publicity_window_open |
        | 2025-04-01T00:00:00+08:00 | ok                    |

  Rule: the report's verifying VVB verifies

    Scenario: the verifying VVB verifies the tonnes per year
      When "V2" verifies report 1 of "WIND-01" positive with 2023: 400, 2024: 600 on 2025-04-10
      Then the transaction succeeds
      And report 1 of "WIND-01" is verified
      And report 1 of "WIND-01" was verified for 1000 t by the transaction

    Scenario: the validating VVB cannot verify another VVB's report
      When "V1" verifies report 1 of "WIND-01" positive with 2023: 400, 2024: 600 on 2025-04-10
      Then the transaction fails with "unauthorized"

    Scenario: a report that does not exist cannot be verified
      When "V2" verifies report 2 of "WIND-01" positive with 2023: 400, 2024: 600 on 2025-04-10
      Then the transaction fails with "not_found"

  Rule: the VVB is still accredited and active; the project still registered

    Scenario Outline: a VVB suspended or revoked after the report was filed
      Given the MEE has <status> "V2"
      When "V2" verifies report 1 of "WIND-01" positive with 2023: 400, 2024: 600 on 2025-04-10
      Then the transaction fails with "<code>"

      Examples:
        | status    | code               |
        | suspended | vvb_suspended      |
        | revoked   | vvb_not_accredited |

    Scenario: the report of a project cancelled since is not verified
      Given project "WIND-01" is cancelled
      When "V2" verifies report 1 of "WIND-01" positive with 2023: 400, 2024: 600 on 2025-04-10
      Then the transaction fails with "project_cancelled"

  Rule: the tonnes name exactly the years the period touches (2023 and 2024)

    Scenario Outline: verified years against the period's years
      When "V2" verifies report 1 of "WIND-01" positive with <verified> on 2025-04-10
      Then the transaction ends with "<code>"

      Examples:
        | verified                        | code          |
        | 2023: 400, 2024: 600            | ok            |
        | 2023: 0, 2024: 1000             | ok            |
        | 2024: 1000                      | invalid_field |
        | 2023: 400                       | invalid_field |
        | 2023: 400, 2024: 500, 2025: 100 | invalid_field |

    Scenario: a positive verification of nothing is refused by its shape
      When "V2" verifies report 1 of "WIND-01" positive with 2023: 0, 2024: 0 on 2025-04-10
      Then the transaction fails with "invalid_field"

  Rule: a negative conclusion ends the report; a report is verified once

    Scenario: a negative verification refuses the report
      When "V2" verifies report 1 of "WIND-01" negative with 2023: 0, 2024: 0 on 2025-04-10
      Then the transaction succeeds
      And report 1 of "WIND-01" is refused

    Scenario Outline: a second verification of the same report
      Given "V2" verified report 1 of "WIND-01" <conclusion> with 2023: 400, 2024: 600 on 2025-04-10
      When "V2" verifies report 1 of "WIND-01" positive with 2023: 500, 2024: 600 on 2025-04-11
      Then the transaction fails with "wrong_report_status"

      Examples:
        | conclusion |
        | positive   |
        | negative   |
