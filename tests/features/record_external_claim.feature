Feature: Record a claim made elsewhere (record_external_claim)
  - The registry records that a reference, and the facility when known, is claimed elsewhere: a green certificate, another registry's credit, a local ETS (S8 Art.10: no double claiming).
  - A recorded reference or facility never registers as a CCER project (decide_project: double_registration); a local_ets facility is under ETS (project_under_ets) and never offsets.
  - A reference or facility already claimed — by a project here or by a claim recorded before — is not recorded again (double_registration).

  Background:
    Given project owner "P1"
    And VVB "V1" accredited for fields "01"

  Rule: only the registry records a claim made elsewhere

    Scenario: a green certificate with its facility
      When "REGISTRY" records a green_certificate claim on ref "GEC-2024-0001" and facility "FAC-A"
      Then the transaction succeeds
      And the ref "GEC-2024-0001" is claimed elsewhere as green_certificate
      And the facility "FAC-A" is claimed elsewhere as green_certificate

    Scenario Outline: nobody else records one
      When "<signer>" records a local_ets claim on ref "SH-ETS-0042"
      Then the transaction fails with "unauthorized"

      Examples:
        | signer |
        | MEE    |
        | P1     |

    Scenario: an unknown kind of claim
      When "REGISTRY" records a carbon_credit claim on ref "X-1"
      Then the transaction fails with "invalid_field"
      And the message says "kind must be one of green_certificate, other_registry, local_ets"

  Rule: a claim is recorded once

    Scenario: the same reference twice
      Given the registry recorded an other_registry claim on ref "VCS-1234"
      When "REGISTRY" records a green_certificate claim on ref "VCS-1234"
      Then the transaction fails with "double_registration"
      And the message says "ref VCS-1234 is already claimed by the other_registry claim recorded by REGISTRY"

    Scenario: the facility of a registered project
      Given project "HW-1" of "P1" is registered with "V1", with facility "FAC-A"
      When "REGISTRY" records a local_ets claim on ref "SH-ETS-0042" and facility "FAC-A"
      Then the transaction fails with "double_registration"
      And the message says "facility FAC-A is already claimed by project HW-1"
