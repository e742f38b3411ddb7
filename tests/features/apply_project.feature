Feature: Apply for a CCER project's registration (apply_project)
  - The owner applies after a positive validation, with the dual commitment (双承诺): the application is signed by the project owner (uniqueness; truthful, complete materials) and by the validating VVB (S8 Art.13–14).
  - One commitment missing is refused (commitment_missing); both from one party (commitment_same_party) or from one institution — two accounts whose credit codes share the organization code, characters 9–17 (commitment_same_institution) — are refused.
  - A negative validation takes no application (validation_negative); the registry's decision is due 15 working days later (market rule ccer_decision_working_days).

  Background:
    Given project owner "P1"
    And VVB "V1" accredited for fields "01"
    And project "HW-1" of "P1" is validated with "V1"

  Rule: the owner and the VVB both commit

    Scenario: both sign the application; the decision is due at the end of the 15th working day (Saturday 2025-10-11, worked)
      When "P1,V1" apply for project "HW-1" at "2025-09-15T10:00:00+08:00"
      Then the transaction succeeds
      And project "HW-1" is applied
      And the decision on "HW-1" is due at "2025-10-12T00:00:00+08:00"

    Scenario Outline: one commitment is missing
      When "<signers>" apply for project "HW-1"
      Then the transaction fails with "commitment_missing"
      And the message says "<message>"

      Examples:
        | signers | message                        |
        | P1      | the VVB's commitment is missing |
        | V1      | the project owner's commitment is missing |

    Scenario: both commitments from one party
      Given "X1" is both a project owner and a VVB
      And project "HW-2" of "X1" is validated with "X1"
      When "X1" applies for project "HW-2"
      Then the transaction fails with "commitment_same_party"

    Scenario: both commitments from one institution
      Given project owner "P9" with credit code "91320000MA1234567…"
      And VVB "V9" with credit code "91110000MA1234567…"
      And project "HW-3" of "P9" is validated with "V9"
      When "P9,V9" apply for project "HW-3"
      Then the transaction fails with "commitment_same_institution"
      And the message says "share organization code MA1234567"

    Scenario: two institutions whose codes differ only in the organization code
      Given project owner "P8" with credit code "91320000MA1234567…"
      And VVB "V8" with credit code "91320000MA7654321…"
      And project "HW-4" of "P8" is validated with "V8"
      When "P8,V8" apply for project "HW-4"
      Then the transaction succeeds

  Rule: only after a positive validation, once

    Scenario: a negative validation
      Given project "HW-5" of "P1" is submitted with "V1"
      And "V1" validated project "HW-5" negatively
      When "P1,V1" apply for project "HW-5"
      Then the transaction fails with "validation_negative"

    Scenario: no validation yet
      Given project "HW-5" of "P1" is submitted with "V1"
      When "P1,V1" apply for project "HW-5"
      Then the transaction fails with "invalid_state"
      And the message says "project HW-5 is submitted: an application needs a project that is validated"

    Scenario: a second application
      Given project "HW-6" of "P1" has applied with "V1"
      When "P1,V1" apply for project "HW-6"
      Then the transaction fails with "invalid_state"

    Scenario: a project that does not exist
      When "P1,V1" apply for project "HW-9"
      Then the transaction fails with "not_found"
