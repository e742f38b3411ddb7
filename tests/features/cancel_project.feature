Feature: Cancel a CCER project (cancel_project)
  - The project owner (voluntarily) or the registry cancels a project at any stage, with a reason (≤ 512 characters) (S8 Art.16).
  - Cancellation is final: a cancelled project is never cancelled again, validated, applied for, decided or commented on (project_cancelled); its id is never taken again.
  - Its facility and external reference keep their claims (written now if it was not registered yet): they never register again (double_registration).

  Background:
    Given project owner "P1"
    And VVB "V1" accredited for fields "01"

  Rule: the owner or the registry cancels, with a reason

    Scenario Outline: a registered project cancelled
      Given project "HW-1" of "P1" is registered with "V1"
      When "<signer>" cancels project "HW-1" because "项目停止运行"
      Then the transaction succeeds
      And project "HW-1" is cancelled by "<signer>" because "项目停止运行"

      Examples:
        | signer   |
        | P1       |
        | REGISTRY |

    Scenario Outline: nobody else cancels
      Given project "HW-1" of "P1" is registered with "V1"
      When "<signer>" cancels project "HW-1" because "项目停止运行"
      Then the transaction fails with "unauthorized"
      And the message says "is cancelled by its owner"

      Examples:
        | signer |
        | V1     |
        | MEE    |

    Scenario: another project owner
      Given project owner "P2"
      And project "HW-1" of "P1" is registered with "V1"
      When "P2" cancels project "HW-1" because "项目停止运行"
      Then the transaction fails with "unauthorized"

  Rule: cancellation is final

    Scenario: cancelled twice
      Given project "HW-1" of "P1" is registered with "V1"
      And "P1" cancelled project "HW-1"
      When "REGISTRY" cancels project "HW-1" because "重复注销"
      Then the transaction fails with "project_cancelled"

    Scenario Outline: no later step of its life
      Given project "HW-1" of "P1" <stage> with "V1"
      And "P1" cancelled project "HW-1"
      When <step>
      Then the transaction fails with "project_cancelled"

      Examples:
        | stage        | step                                               |
        | is submitted | "V1" validates project "HW-1" positively after the window |
        | is validated | "P1,V1" apply for project "HW-1"                   |
        | has applied  | "REGISTRY" registers project "HW-1"                |

    Scenario: its id is never taken again
      Given project "HW-1" of "P1" is submitted with "V1"
      And "P1" cancelled project "HW-1"
      When "P1" submits project "HW-1" validated by "V1"
      Then the transaction fails with "already_exists"

  Rule: its facility and external reference never register again

    Scenario Outline: a new project on a cancelled project's facility or reference
      Given project "HW-1" of "P1" <stage> with "V1", with facility "FAC-A", external_ref "GEC-1"
      And "P1" cancelled project "HW-1"
      And project "HW-2" of "P1" has applied with "V1", with <claim>
      When "REGISTRY" registers project "HW-2"
      Then the transaction fails with "double_registration"
      And the message says "already claimed by project HW-1"

      Examples:
        | stage         | claim             |
        | is registered | facility "FAC-A"  |
        | is registered | external_ref "GEC-1" |
        | is submitted  | facility "FAC-A"  |
        | is submitted  | external_ref "GEC-1" |

    Scenario: a claim recorded elsewhere is kept
      Given the registry recorded a green_certificate claim on ref "GEC-7"
      And project "HW-1" of "P1" has applied with "V1", with external_ref "GEC-7"
      When "P1" cancels project "HW-1" because "与绿证重复"
      Then the transaction succeeds
      And the claim on ref "GEC-7" is still the green_certificate claim
      And the claim on facility "FAC-HW-1" is held by project "HW-1"
