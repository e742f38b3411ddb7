Feature: Accredit a validation/verification body (accredit_vvb)
  - The MEE accredits a VVB (a participant with role vvb) per sector field: the two digits of a methodology's code (S8 Art.25–26).
  - Only an active VVB accredited for a project's field files its reports (validate_project.feature: vvb_not_accredited, vvb_suspended).
  - A suspension keeps the fields (unless the body names others); the MEE may make a suspended VVB active again.
  - Revocation is final: the accreditation never changes again (accreditation_revoked).
  - Each change is kept in the record's history with its block time and height: the public record dates every suspension and revocation.

  Background:
    Given VVB "V1"

  Rule: the MEE accredits a VVB for its fields

    Scenario: accredited for energy and forestry
      When "MEE" sets "V1" to "active" with fields "01,14"
      Then the transaction succeeds
      And "V1" is active for fields "01,14"
      And the history of "V1" has 1 change, the last "active" at this block

    Scenario Outline: nobody else accredits
      When "<signer>" sets "V1" to "active" with fields "01"
      Then the transaction fails with "unauthorized"

      Examples:
        | signer   |
        | REGISTRY |
        | V1       |

    Scenario: an account without the role vvb is not accredited
      Given project owner "P1"
      When "MEE" sets "P1" to "active" with fields "01"
      Then the transaction fails with "not_eligible"
      And the message says "not vvb"

    Scenario Outline: an active accreditation names its fields, each of two digits
      When "MEE" sets "V1" to "active" with fields "<fields>"
      Then the transaction fails with "invalid_field"

      Examples:
        | fields |
        |        |
        | 1      |
        | 01,01  |

  Rule: a suspension keeps the fields and is dated; the MEE may reinstate

    Scenario: the MEE suspends an accredited VVB
      Given "V1" is accredited for fields "01,14"
      When "MEE" sets "V1" to "suspended"
      Then the transaction succeeds
      And "V1" is suspended for fields "01,14"
      And the history of "V1" has 2 changes, the last "suspended" at this block

    Scenario: the MEE reinstates a suspended VVB
      Given "V1" is accredited for fields "01"
      And the MEE suspended "V1"
      When "MEE" sets "V1" to "active" with fields "01,10"
      Then the transaction succeeds
      And "V1" is active for fields "01,10"

    Scenario: a body never accredited cannot be suspended
      When "MEE" sets "V1" to "suspended"
      Then the transaction fails with "not_found"
      And the message says "has no accreditation"

  Rule: revocation is final

    Scenario: the MEE revokes an accreditation
      Given "V1" is accredited for fields "01"
      When "MEE" sets "V1" to "revoked"
      Then the transaction succeeds
      And "V1" is revoked for fields "01"
      And the history of "V1" has 2 changes, the last "revoked" at this block

    Scenario Outline: nothing changes after a revocation
      Given "V1" is accredited for fields "01"
      And the MEE revoked "V1"
      When "MEE" sets "V1" to "<status>" with fields "01"
      Then the transaction fails with "accreditation_revoked"

      Examples:
        | status    |
        | active    |
        | suspended |
        | revoked   |
