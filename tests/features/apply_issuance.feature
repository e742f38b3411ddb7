Feature: Apply for the issuance of verified reductions (减排量登记申请)
  - The application carries both commitments (双承诺): the project's owner AND the report's verifying VVB sign it;
    one missing, or both from one institution, is refused with its own code.
  - The amount is exactly the verified total; the report is verified (not refused, not yet applied).
  - The period starts at most ccer_filing_years (5) years before the application's block date in China time:
    exactly five years back is allowed, one day more is not. The number is ledger data (a market rule).
  - The registry's decision is due 15 working days after the application.

  Background:
    Given project owner "O1"
    And VVB "V1" accredited for fields 01
    And VVB "V2" accredited for fields 01
    And registered project "WIND-01" of "O1" validated by "V1"
    And "O1" filed a report of "WIND-01" for 2023-07-01 to 2024-06-30 verified by "V2" on 2025-03-03
    And "V2" verified report 1 of "WIND-01" positive with 2023: 400, 2024: 600 on 2025-04-10

  Rule: the owner and the verifying VVB both commit

    Scenario: both commit; the registry's decision is due in 15 working days (past the May holidays)
      When "O1, V2" apply for 1000 t of report 1 of "WIND-01" on 2025-04-14
      Then the transaction succeeds
      And report 1 of "WIND-01" is applied
      And the decision on report 1 of "WIND-01" is due at "2025-05-08T00:00:00+08:00"

    Scenario Outline: a commitment is missing
      When "<signers>" apply for 1000 t of report 1 of "WIND-01" on 2025-04-14
      Then the transaction ends with "<code>"

      Examples:
        | signers | code               |
        | V2, O1  | ok                 |
        | O1      | commitment_missing |
        | V2      | commitment_missing |
        | O1, V1  | commitment_missing |

    Scenario: the owner and a VVB of one institution cannot make both commitments
      Given VVB "V3" of the institution of "O1" accredited for fields 01
      And "O1" filed a report of "WIND-01" for 2024-07-01 to 2024-12-31 verified by "V3" on 2025-04-11
      And "V3" verified report 2 of "WIND-01" positive with 2024: 500 on 2025-05-20
      When "O1, V3" apply for 500 t of report 2 of "WIND-01" on 2025-05-21
      Then the transaction fails with "commitment_same_institution"

  Rule: the amount is exactly the verified amount (1000 t)

    Scenario Outline: an amount around the verified one
      When "O1, V2" apply for <amount> t of report 1 of "WIND-01" on 2025-04-14
      Then the transaction ends with "<code>"

      Examples:
        | amount | code                |
        | 999    | amount_not_verified |
        | 1000   | ok                  |
        | 1001   | amount_not_verified |

  Rule: the period starts at most five years before the application, in China time

    Scenario Outline: a period starting around five years back
      Given "O1" filed a report of "WIND-01" for <start> to 2021-12-31 verified by "V2" on 2025-11-03
      And "V2" verified report 2 of "WIND-01" positive with 2021: 700 on 2025-12-10
      When "O1, V2" apply for 700 t of report 2 of "WIND-01" on <when>
      Then the transaction ends with "<code>"

      Examples:
        | start      | when                      | code           |
        | 2021-01-04 | 2026-01-05T10:00:00+08:00 | filing_too_old |
        | 2021-01-05 | 2026-01-05T23:59:59+08:00 | ok             |
        | 2021-01-05 | 2026-01-06T00:00:00+08:00 | filing_too_old |
        | 2021-01-06 | 2026-01-06T00:00:00+08:00 | ok             |

    Scenario: the years are the authority's market rule
      Given "MEE" set the market rules to '{"ccer_filing_years": 6}'
      And "O1" filed a report of "WIND-01" for 2021-01-04 to 2021-12-31 verified by "V2" on 2025-11-03
      And "V2" verified report 2 of "WIND-01" positive with 2021: 700 on 2025-12-10
      When "O1, V2" apply for 700 t of report 2 of "WIND-01" on 2026-01-05
      Then the transaction succeeds

  Rule: the report is verified and the project registered

    Scenario: a report not yet verified
      Given "O1" filed a report of "WIND-01" for 2024-07-01 to 2024-12-31 verified by "V2" on 2025-04-11
      When "O1, V2" apply for 500 t of report 2 of "WIND-01" on 2025-04-14
      Then the transaction fails with "wrong_report_status"

    Scenario: a report applied for once already
      Given "O1, V2" applied for 1000 t of report 1 of "WIND-01" on 2025-04-14
      When "O1, V2" apply for 1000 t of report 1 of "WIND-01" on 2025-04-15
      Then the transaction fails with "wrong_report_status"

    Scenario: a report the VVB refused
      Given "O1" filed a report of "WIND-01" for 2024-07-01 to 2024-12-31 verified by "V2" on 2025-04-11
      And "V2" verified report 2 of "WIND-01" negative with 2024: 0 on 2025-05-20
      When "O1, V2" apply for 1 t of report 2 of "WIND-01" on 2025-05-21
      Then the transaction fails with "wrong_report_status"

    Scenario: a project cancelled since takes no application
      Given project "WIND-01" is cancelled
      When "O1, V2" apply for 1000 t of report 1 of "WIND-01" on 2025-04-14
      Then the transaction fails with "project_cancelled"
