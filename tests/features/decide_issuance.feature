Feature: Decide the issuance of verified reductions (减排量登记)
  - The registry registers an applied report, or refuses it with a reason (≤ 512 characters).
  - Registering issues each year's verified tonnes (years with 0 t issue nothing) to the project's owner, in one
    instrument per project and vintage year, CCER-<project>-<year>; a later report of the same year continues its serials.
  - Every issue event carries the provenance: project, report, methodology, monitoring period, the validating and
    the verifying VVB, and the four commitments (the transactions of the project's validation and application, the
    verification and the issuance application). The decision records what it issued.
  - A decision after the application's due date (15 working days) is still taken, and flagged late.
  - A report is decided once; units issue only for a project that is still registered.

  Background:
    Given project owner "O1"
    And VVB "V1" accredited for fields 01
    And VVB "V2" accredited for fields 01
    And registered project "WIND-01" of "O1" validated by "V1"
    And "O1" filed a report of "WIND-01" for 2023-07-01 to 2024-06-30 verified by "V2" on 2025-03-03
    And "V2" verified report 1 of "WIND-01" positive with 2023: 400, 2024: 600 on 2025-04-10
    And "O1, V2" applied for 1000 t of report 1 of "WIND-01" on 2025-04-14

  Rule: registering issues one instrument per project and vintage year, with its provenance

    Scenario: the registry issues the verified tonnes to the owner
      When "REGISTRY" registers report 1 of "WIND-01" on 2025-04-21
      Then the transaction succeeds
      And report 1 of "WIND-01" is issued
      And "O1" holds serials 1-400 of CCER-WIND-01-2023
      And "O1" holds serials 1-600 of CCER-WIND-01-2024
      And instrument CCER-WIND-01-2024 is a CCER of "WIND-01" vintage 2024 with 600 t issued
      And the decision on report 1 of "WIND-01" issued CCER-WIND-01-2023 1-400 and CCER-WIND-01-2024 1-600

    Scenario: every issue event carries the provenance of its tonnes
      When "REGISTRY" registers report 1 of "WIND-01" on 2025-04-21
      Then the transaction succeeds
      And the issue events name CCER-WIND-01-2023 400 t and CCER-WIND-01-2024 600 t to "O1"
      And each names project "WIND-01", report 1, methodology CCER-01-002-V01, period 2023-07-01 to 2024-06-30
      And each names validating VVB "V1" and verifying VVB "V2"
      And each names the project's validation and application and report 1's verification and application

    Scenario: a later report of the same vintage continues its serials; a year of 0 t issues nothing
      Given "O1" filed a report of "WIND-01" for 2024-07-01 to 2025-01-31 verified by "V2" on 2025-04-15
      And "V2" verified report 2 of "WIND-01" positive with 2024: 250, 2025: 0 on 2025-05-20
      And "O1, V2" applied for 250 t of report 2 of "WIND-01" on 2025-05-21
      And "REGISTRY" registered report 1 of "WIND-01" on 2025-05-22
      When "REGISTRY" registers report 2 of "WIND-01" on 2025-05-23
      Then the transaction succeeds
      And the decision on report 2 of "WIND-01" issued CCER-WIND-01-2024 601-850
      And "O1" holds serials 1-850 of CCER-WIND-01-2024
      And instrument CCER-WIND-01-2024 is a CCER of "WIND-01" vintage 2024 with 850 t issued
      And there is no instrument CCER-WIND-01-2025

  Rule: a project registered through its lifecycle issues with both of its commitments in the provenance

    Scenario: from the design document to the CCER (PDD → registered → report → verified → issued)
      Given project "WIND-02" of "O1" validated by "V1" registered through its lifecycle from 2025-04-15
      And "O1" filed a report of "WIND-02" for 2024-01-01 to 2024-12-31 verified by "V2" on 2025-06-03
      And "V2" verified report 1 of "WIND-02" positive with 2024: 3000 on 2025-07-10
      And "O1, V2" applied for 3000 t of report 1 of "WIND-02" on 2025-07-11
      When "REGISTRY" registers report 1 of "WIND-02" on 2025-07-14
      Then the transaction succeeds
      And "O1" holds serials 1-3000 of CCER-WIND-02-2024
      And the issue event of CCER-WIND-02-2024 names the four commitments of report 1 of "WIND-02"

  Rule: a decision after the due date (2025-05-08T00:00:00+08:00) is flagged late

    Scenario Outline: a decision around the due date
      When "REGISTRY" registers report 1 of "WIND-01" on <when>
      Then the transaction succeeds
      And the decision on report 1 of "WIND-01" is <late>

      Examples:
        | when                      | late    |
        | 2025-05-07T23:59:59+08:00 | on time |
        | 2025-05-08T00:00:00+08:00 | on time |
        | 2025-05-08T00:00:01+08:00 | late    |

  Rule: only the registry decides

    Scenario Outline: another participant cannot decide
      When "<signer>" registers report 1 of "WIND-01" on 2025-04-21
      Then the transaction fails with "unauthorized"

      Examples:
        | signer |
        | MEE    |
        | O1     |

  Rule: a refusal states its reason and issues nothing

    Scenario: the registry refuses with a reason
      When "REGISTRY" refuses report 1 of "WIND-01" because "监测数据不完整" on 2025-04-21
      Then the transaction succeeds
      And report 1 of "WIND-01" is refused
      And there is no instrument CCER-WIND-01-2024

    Scenario: a refusal without a reason is refused by its shape
      When "REGISTRY" refuses report 1 of "WIND-01" on 2025-04-21
      Then the transaction fails with "invalid_field"

  Rule: a report is decided once, after its application, for a registered project

    Scenario: a report already issued
      Given "REGISTRY" registered report 1 of "WIND-01" on 2025-04-21
      When "REGISTRY" registers report 1 of "WIND-01" on 2025-04-22
      Then the transaction fails with "wrong_report_status"

    Scenario: a report not applied for
      Given "O1" filed a report of "WIND-01" for 2024-07-01 to 2024-12-31 verified by "V2" on 2025-04-15
      When "REGISTRY" registers report 2 of "WIND-01" on 2025-04-21
      Then the transaction fails with "wrong_report_status"

    Scenario Outline: the project was cancelled after the application
      Given project "WIND-01" is cancelled
      When "REGISTRY" <decides> report 1 of "WIND-01" because "项目已注销" on 2025-04-21
      Then the transaction ends with "<code>"

      Examples:
        | decides   | code              |
        | registers | project_cancelled |
        | refuses   | ok                |
