Feature: Submit a CCER project (submit_project)
  - A project owner publishes its project design document (by hash) with its methodology, place, facility, an optional external reference, construction and crediting dates, and the VVB that will validate it (S8 Art.10–12).
  - The project is public at once; its publicity window closes 20 working days later (market rule ccer_publicity_working_days), counted on the ledger's calendar: the end of the 20th working day, adjusted working weekends included.
  - The project id is new, for good: a cancelled project keeps its id.
  - The methodology is published and active (methodology_withdrawn); the crediting period is at most its maximum (crediting_too_long).
  - The validating VVB is a participant with role vvb; its accreditation is checked when it reports (validate_project.feature).

  Background:
    Given project owner "P1"
    And VVB "V1"
    And methodology CCER-01-002-V01 is published

  Rule: a project owner submits; the project is public at once, its window counted in working days

    Scenario: the owner submits an offshore wind project
      When "P1" submits project "HW-1" validated by "V1" at "2025-09-01T10:00:00+08:00"
      Then the transaction succeeds
      And project "HW-1" is submitted
      And the publicity window of "HW-1" closes at "2025-09-29T00:00:00+08:00"
      And project "HW-1" credits from "2021-01-01" to "2030-12-31"

    Scenario Outline: a window whose 20th working day is an adjusted working weekend day
      When "P1" submits project "HW-1" validated by "V1" at "<submitted>"
      Then the publicity window of "HW-1" closes at "<closes>"

      Examples: National Day 2025 (Saturday 2025-10-11 worked) and Spring Festival 2025 (Saturday 2025-02-08 worked)
        | submitted                 | closes                    |
        | 2025-09-08T10:00:00+08:00 | 2025-10-12T00:00:00+08:00 |
        | 2025-01-06T10:00:00+08:00 | 2025-02-09T00:00:00+08:00 |

    Scenario Outline: nobody but a project owner submits
      When "<signer>" submits project "HW-1" validated by "V1"
      Then the transaction fails with "unauthorized"

      Examples:
        | signer   |
        | V1       |
        | REGISTRY |

  Rule: a project id is taken for good

    Scenario: the same id twice
      Given project "HW-1" of "P1" is submitted with "V1"
      When "P1" submits project "HW-1" validated by "V1"
      Then the transaction fails with "already_exists"

  Rule: the methodology is published, active, and bounds the crediting period

    Scenario: a methodology the MEE has not published
      When "P1" submits project "LS-1" validated by "V1", with methodology "CCER-99-001-V01"
      Then the transaction fails with "not_found"

    Scenario: a withdrawn methodology takes no new project
      Given "MEE" withdrew methodology CCER-01-002-V01
      When "P1" submits project "HW-1" validated by "V1"
      Then the transaction fails with "methodology_withdrawn"

    Scenario Outline: offshore wind credits at most 10 years
      When "P1" submits project "HW-1" validated by "V1", with crediting_years <years>
      Then the transaction ends with "<code>"

      Examples:
        | years | code               |
        | 9     | ok                 |
        | 10    | ok                 |
        | 11    | crediting_too_long |

  Rule: the validating VVB is a VVB

    Scenario: the owner names itself
      When "P1" submits project "HW-1" validated by "P1"
      Then the transaction fails with "not_eligible"
      And the message says "not vvb"

    Scenario: an account that does not exist
      When "P1" submits project "HW-1" validated by "NOBODY-1"
      Then the transaction fails with "not_found"

  Rule: the dates are real dates; construction started by the crediting start

    Scenario Outline: malformed or inconsistent dates
      When "P1" submits project "HW-1" validated by "V1", with construction_start "<construction>", crediting_start "<crediting>"
      Then the transaction fails with "invalid_field"
      And the message says "<message>"

      Examples:
        | construction | crediting  | message                                              |
        | 2021-01-02   | 2021-01-01 | construction_start 2021-01-02 is after crediting_start 2021-01-01 |
        | 2019-02-29   | 2021-01-01 | construction_start must be a date as YYYY-MM-DD      |
