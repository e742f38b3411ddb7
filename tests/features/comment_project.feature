Feature: Comment on a CCER project during its publicity (comment_project)
  - Any registered participant may file a public comment (by its content hash) on a submitted project (S8 Art.12).
  - Only while the 20-working-day publicity window is open: from the end of its 20th working day on, publicity_window_closed.
  - Comments are numbered per project and keep who filed them and when; a cancelled project takes none (project_cancelled).

  Background:
    Given project owner "P1"
    And VVB "V1"
    And holder "H1"
    And project "HW-1" of "P1" is submitted with "V1" at "2025-09-08T10:00:00+08:00"

  Rule: any registered participant comments

    Scenario Outline: a participant comments
      When "<signer>" comments on project "HW-1"
      Then the transaction succeeds
      And comment 1 on "HW-1" is by "<signer>"

      Examples:
        | signer |
        | H1     |
        | V1     |
        | PROV-11 |

    Scenario: comments are numbered
      Given "H1" commented on project "HW-1"
      When "P1" comments on project "HW-1"
      Then the transaction succeeds
      And comment 2 on "HW-1" is by "P1"
      And project "HW-1" has 2 comments

    Scenario: a key of no participant
      When "NOBODY-1" comments on project "HW-1"
      Then the transaction fails with "unauthorized"

    Scenario: a project that does not exist
      When "H1" comments on project "HW-9"
      Then the transaction fails with "not_found"

  Rule: only while the publicity window is open (it closes at the end of Saturday 2025-10-11, a worked day)

    Scenario Outline: around the close
      When "H1" comments on project "HW-1" at "<time>"
      Then the transaction ends with "<code>"

      Examples:
        | time                      | code                    |
        | 2025-10-11T23:59:59+08:00 | ok                      |
        | 2025-10-12T00:00:00+08:00 | publicity_window_closed |
        | 2025-10-13T09:00:00+08:00 | publicity_window_closed |

  Rule: a cancelled project takes no comment

    Scenario: after the owner cancelled it
      Given "P1" cancelled project "HW-1"
      When "H1" comments on project "HW-1"
      Then the transaction fails with "project_cancelled"
