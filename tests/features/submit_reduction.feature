Feature: Submit a reduction report (减排量核算报告)
  - The owner of a registered project files the report of one monitoring period, naming its verifying VVB.
  - The verifying VVB did not validate the project (S8 Art.18), and is accredited and active for the methodology's field.
  - The period starts on or after the rule ccer_reductions_from (2020-09-22), lies in the crediting period, and is over.
  - The period overlaps no other report of the project that was not refused (not even by one day).
  - The report is public at once; its 20-working-day publicity window opens at its block time.

  Background:
    Given project owner "O1"
    And VVB "V1" accredited for fields 01
    And VVB "V2" accredited for fields 01
    And registered project "WIND-01" of "O1" validated by "V1"

  Rule: the owner of a registered project files the report

    Scenario: the owner files a report, public at once with its publicity window
      When "O1" files a report of "WIND-01" for 2024-01-01 to 2024-12-31 verified by "V2" on 2025-03-03
      Then the transaction succeeds
      And report 1 of "WIND-01" is submitted
      And project "WIND-01" has 1 reduction reports
      And the window of report 1 of "WIND-01" closes at "2025-04-01T00:00:00+08:00"

    Scenario: another participant cannot file the owner's report
      When "V2" files a report of "WIND-01" for 2024-01-01 to 2024-12-31 verified by "V2" on 2025-03-03
      Then the transaction fails with "unauthorized"

    Scenario Outline: a project that is not registered takes no report
      Given project "WIND-01" is <status>
      When "O1" files a report of "WIND-01" for 2024-01-01 to 2024-12-31 verified by "V2" on 2025-03-03
      Then the transaction fails with "<code>"

      Examples:
        | status    | code                   |
        | applied   | project_not_registered |
        | cancelled | project_cancelled      |

  Rule: another VVB than the validating one verifies the reductions (S8 Art.18)

    Scenario: the validating VVB cannot verify the reductions
      When "O1" files a report of "WIND-01" for 2024-01-01 to 2024-12-31 verified by "V1" on 2025-03-03
      Then the transaction fails with "same_vvb"

  Rule: the verifying VVB is accredited and active for the methodology's field

    Scenario: a VVB accredited for another field is refused
      Given VVB "V3" accredited for fields 14
      When "O1" files a report of "WIND-01" for 2024-01-01 to 2024-12-31 verified by "V3" on 2025-03-03
      Then the transaction fails with "vvb_not_accredited"

    Scenario Outline: a suspended or revoked VVB's new reports are refused
      Given the MEE has <status> "V2"
      When "O1" files a report of "WIND-01" for 2024-01-01 to 2024-12-31 verified by "V2" on 2025-03-03
      Then the transaction fails with "<code>"

      Examples:
        | status    | code               |
        | suspended | vvb_suspended      |
        | revoked   | vvb_not_accredited |

  Rule: reductions count from 2020-09-22 on (S8 Art.17)

    Scenario Outline: a period starting around the first day
      Given registered project "WIND-02" of "O1" validated by "V1" crediting 2020-01-01 to 2029-12-31
      When "O1" files a report of "WIND-02" for <start> to 2020-12-31 verified by "V2" on 2025-03-03
      Then the transaction ends with "<code>"

      Examples:
        | start      | code                 |
        | 2020-09-21 | reductions_too_early |
        | 2020-09-22 | ok                   |
        | 2020-09-23 | ok                   |

  Rule: the period lies in the project's crediting period

    Scenario Outline: a period at the start of the crediting period (2021-01-01)
      When "O1" files a report of "WIND-01" for <start> to 2021-12-31 verified by "V2" on 2025-03-03
      Then the transaction ends with "<code>"

      Examples:
        | start      | code                     |
        | 2020-12-31 | outside_crediting_period |
        | 2021-01-01 | ok                       |
        | 2021-01-02 | ok                       |

    Scenario Outline: a period at the end of the crediting period (2024-06-30)
      Given registered project "WIND-02" of "O1" validated by "V1" crediting 2021-01-01 to 2024-06-30
      When "O1" files a report of "WIND-02" for 2024-01-01 to <end> verified by "V2" on 2025-03-03
      Then the transaction ends with "<code>"

      Examples:
        | end        | code                     |
        | 2024-06-29 | ok                       |
        | 2024-06-30 | ok                       |
        | 2024-07-01 | outside_crediting_period |

  Rule: a period is reported once it is over

    Scenario Outline: a period ending around the filing date
      When "O1" files a report of "WIND-01" for 2024-01-01 to <end> verified by "V2" on 2025-03-03
      Then the transaction ends with "<code>"

      Examples:
        | end        | code            |
        | 2025-03-02 | ok              |
        | 2025-03-03 | period_not_over |

    Scenario: a period that ends before it starts is refused by its shape
      When "O1" files a report of "WIND-01" for 2024-12-31 to 2024-01-01 verified by "V2" on 2025-03-03
      Then the transaction fails with "invalid_field"

  Rule: a period overlaps no other report of the project that was not refused

    Scenario Outline: a second period around the first one (2024-01-01 to 2024-06-30)
      Given "O1" filed a report of "WIND-01" for 2024-01-01 to 2024-06-30 verified by "V2" on 2025-03-03
      When "O1" files a report of "WIND-01" for <start> to <end> verified by "V2" on 2025-03-04
      Then the transaction ends with "<code>"

      Examples:
        | start      | end        | code           |
        | 2023-01-01 | 2023-12-31 | ok             |
        | 2023-01-01 | 2024-01-01 | period_overlap |
        | 2024-03-01 | 2024-03-31 | period_overlap |
        | 2024-06-30 | 2024-12-31 | period_overlap |
        | 2024-07-01 | 2024-12-31 | ok             |

    Scenario: a second report continues the project's numbering
      Given "O1" filed a report of "WIND-01" for 2024-01-01 to 2024-06-30 verified by "V2" on 2025-03-03
      When "O1" files a report of "WIND-01" for 2024-07-01 to 2024-12-31 verified by "V2" on 2025-03-04
      Then the transaction succeeds
      And report 2 of "WIND-01" is submitted
      And project "WIND-01" has 2 reduction reports

    Scenario: the period of a refused report may be reported again
      Given "O1" filed a report of "WIND-01" for 2024-01-01 to 2024-06-30 verified by "V2" on 2025-03-03
      And "V2" verified report 1 of "WIND-01" negative with 2024: 0 on 2025-04-01
      When "O1" files a report of "WIND-01" for 2024-01-01 to 2024-06-30 verified by "V2" on 2025-04-02
      Then the transaction succeeds
      And report 2 of "WIND-01" is submitted
