Feature: Publish a CCER methodology (set_methodology)
  - Only the MEE publishes, updates or withdraws a methodology (S8 Art.8–9).
  - The body's field and version are the ones its code names (CCER-14-001-V01: field 14, version V01).
  - The longest crediting period a methodology allows is 1 to 60 years; re-setting a code replaces its record.
  - A withdrawn methodology takes no new project (submit_project.feature: methodology_withdrawn).
  - The genesis may carry the methodologies as set_methodology bodies (the project's cli/data/ccer-methodologies.json: the six published ones).

  Rule: only the MEE publishes a methodology

    Scenario: the MEE publishes grid-connected offshore wind
      When "MEE" sets methodology CCER-01-002-V01 with field "01", at most 10 years, version "V01", status "active"
      Then the transaction succeeds
      And methodology CCER-01-002-V01 has field "01", at most 10 years and status "active"

    Scenario Outline: nobody else publishes one
      When "<signer>" sets methodology CCER-01-002-V01 with field "01", at most 10 years, version "V01", status "active"
      Then the transaction fails with "unauthorized"

      Examples:
        | signer   |
        | REGISTRY |
        | PROV-11  |

  Rule: the field and the version are the ones the code names

    Scenario Outline: a body that contradicts its code
      When "MEE" sets methodology CCER-14-001-V01 with field "<field>", at most 40 years, version "<version>", status "active"
      Then the transaction fails with "invalid_field"
      And the message says "<message>"

      Examples:
        | field | version | message                                                |
        | 01    | V01     | field '01' differs from the field 14 of code CCER-14-001-V01 |
        | 14    | V02     | version 'V02' differs from the version V01 of code CCER-14-001-V01 |

    Scenario: a code that is not a methodology code
      When "MEE" sets methodology CCER-1-001-V01 with field "1-", at most 10 years, version "V01", status "active"
      Then the transaction fails with "invalid_field"
      And the message says "code must be a methodology code"

  Rule: the longest crediting period is 1 to 60 years

    Scenario Outline: at and beyond the bounds
      When "MEE" sets methodology CCER-14-001-V01 with field "14", at most <years> years, version "V01", status "active"
      Then the transaction ends with "<code>"

      Examples:
        | years | code          |
        | 0     | invalid_field |
        | 1     | ok            |
        | 60    | ok            |
        | 61    | invalid_field |

  Rule: re-setting a code replaces its record; a withdrawn methodology stays on record

    Scenario: the MEE corrects the crediting period, then withdraws the methodology
      Given methodology CCER-01-001-V01 is published
      When "MEE" sets methodology CCER-01-001-V01 with field "01", at most 7 years, version "V01", status "active"
      Then the transaction succeeds
      And methodology CCER-01-001-V01 has field "01", at most 7 years and status "active"
      When "MEE" sets methodology CCER-01-001-V01 with field "01", at most 7 years, version "V01", status "withdrawn"
      Then the transaction succeeds
      And methodology CCER-01-001-V01 has field "01", at most 7 years and status "withdrawn"

    Scenario: an unknown status
      When "MEE" sets methodology CCER-01-001-V01 with field "01", at most 10 years, version "V01", status "paused"
      Then the transaction fails with "invalid_field"
      And the message says "status must be one of active, withdrawn, got 'paused'"
