Feature: Validate a CCER project (validate_project)
  - The project's validating VVB files its validation report (by hash) with its conclusion: its signed statement over the project id and the report (S8 Art.12–13, S11).
  - Only after the project's 20-working-day publicity window has closed (publicity_window_open), judged on block time.
  - Only a VVB accredited and active for the methodology's field (vvb_not_accredited: never accredited for it, or revoked; vvb_suspended).
  - The VVB may file again, replacing its report, until the owner applies.

  Background:
    Given project owner "P1"
    And VVB "V1" accredited for fields "01"
    And project "HW-1" of "P1" is submitted with "V1" at "2025-09-08T10:00:00+08:00"

  Rule: the report comes after the publicity window, which closes at the end of its 20th working day

    Scenario Outline: around the close of a window whose last day is an adjusted working Saturday (2025-10-11)
      When "V1" validates project "HW-1" positively at "<time>"
      Then the transaction ends with "<code>"

      Examples:
        | time                      | code                  |
        | 2025-10-10T18:00:00+08:00 | publicity_window_open |
        | 2025-10-11T23:59:59+08:00 | publicity_window_open |
        | 2025-10-12T00:00:00+08:00 | ok                    |

    Scenario: the report is on the project
      When "V1" validates project "HW-1" positively after the window
      Then the transaction succeeds
      And project "HW-1" is validated with a positive report by "V1"

  Rule: only the project's validating VVB reports

    Scenario Outline: another party
      Given VVB "V2" accredited for fields "01"
      When "<signer>" validates project "HW-1" positively after the window
      Then the transaction fails with "unauthorized"

      Examples:
        | signer |
        | V2     |
        | P1     |

  Rule: the VVB is accredited and active for the methodology's field

    Scenario: a VVB accredited for forestry only validates offshore wind
      Given VVB "V2" accredited for fields "14"
      And project "HW-2" of "P1" is submitted with "V2"
      When "V2" validates project "HW-2" positively after the window
      Then the transaction fails with "vvb_not_accredited"
      And the message says "not accredited for field 01"

    Scenario: a VVB never accredited
      Given VVB "V3"
      And project "HW-3" of "P1" is submitted with "V3"
      When "V3" validates project "HW-3" positively after the window
      Then the transaction fails with "vvb_not_accredited"

    Scenario Outline: a suspended or revoked VVB files no new report
      Given the MEE <change> "V1"
      When "V1" validates project "HW-1" positively after the window
      Then the transaction fails with "<code>"

      Examples:
        | change    | code               |
        | suspended | vvb_suspended      |
        | revoked   | vvb_not_accredited |

    Scenario: a reinstated VVB reports again
      Given the MEE suspended "V1"
      And the MEE reinstated "V1"
      When "V1" validates project "HW-1" positively after the window
      Then the transaction succeeds

  Rule: the VVB may file again until the owner applies

    Scenario: a negative report replaced by a positive one
      Given "V1" validated project "HW-1" negatively
      When "V1" validates project "HW-1" positively after the window
      Then the transaction succeeds
      And project "HW-1" is validated with a positive report by "V1"

    Scenario: no new report after the application
      Given project "HW-2" of "P1" has applied with "V1"
      When "V1" validates project "HW-2" negatively after the window
      Then the transaction fails with "invalid_state"
      And the message says "project HW-2 is applied"
