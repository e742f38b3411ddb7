Feature: Decide on a CCER project (decide_project)
  - The registry registers an applied project, or refuses it with a reason (≤ 512 characters), within 15 working days of the application (S8 Art.15).
  - A decision after the due is still taken, and flagged late in the public record.
  - To register: construction started after 2012-11-08 (market rule ccer_construction_after: construction_too_early); the facility is not under ETS allowance management, national (an entity's account) or local (a local_ets claim): project_under_ets (S8 Art.10).
  - No double registration or double claiming: no project here and no claim recorded elsewhere (green certificate, other registry) holds the facility or the external reference (double_registration). Registering writes the project's claims.

  Background:
    Given project owner "P1"
    And VVB "V1" accredited for fields "01"

  Rule: the registry decides; a decision after the due is flagged late

    Scenario Outline: at and after the due (the end of the 15th working day, Saturday 2025-10-11, worked)
      Given project "HW-1" of "P1" has applied with "V1" at "2025-09-15T10:00:00+08:00"
      When "REGISTRY" registers project "HW-1" at <offset> ms from its due
      Then the transaction succeeds
      And project "HW-1" is registered
      And the decision on "HW-1" is <timeliness>

      Examples:
        | offset   | timeliness |
        | -1       | on time    |
        | 0        | late       |
        | 86400000 | late       |

    Scenario: the registry refuses with a reason
      Given project "HW-1" of "P1" has applied with "V1"
      When "REGISTRY" refuses project "HW-1" because "项目设计文件不完整"
      Then the transaction succeeds
      And project "HW-1" is refused
      And the decision on "HW-1" is on time

    Scenario: a refusal without a reason
      Given project "HW-1" of "P1" has applied with "V1"
      When "REGISTRY" refuses project "HW-1"
      Then the transaction fails with "invalid_field"
      And the message says "a refusal needs reason"

    Scenario Outline: nobody else decides
      Given project "HW-1" of "P1" has applied with "V1"
      When "<signer>" registers project "HW-1"
      Then the transaction fails with "unauthorized"

      Examples:
        | signer |
        | P1     |
        | MEE    |

    Scenario Outline: only an applied project, once
      Given project "HW-1" of "P1" <stage> with "V1"
      When "REGISTRY" registers project "HW-1"
      Then the transaction fails with "invalid_state"

      Examples:
        | stage         |
        | is validated  |
        | is registered |

  Rule: construction started after 2012-11-08

    Scenario Outline: construction on the day and the day after
      Given project "HW-1" of "P1" has applied with "V1", with construction_start "<start>"
      When "REGISTRY" registers project "HW-1"
      Then the transaction ends with "<code>"

      Examples:
        | start      | code                  |
        | 2012-11-07 | construction_too_early |
        | 2012-11-08 | construction_too_early |
        | 2012-11-09 | ok                    |

  Rule: a facility under national or local ETS allowance management is no CCER project

    Scenario: the facility is a key emitting entity
      Given entity "E1" of province "32"
      And project "HW-1" of "P1" has applied with "V1", with facility "E1"
      When "REGISTRY" registers project "HW-1"
      Then the transaction fails with "project_under_ets"
      And the message says "is a key emitting entity under national ETS"

    Scenario: the facility is under a local ETS
      Given the registry recorded a local_ets claim on ref "SH-ETS-0042" and facility "FAC-SH-1"
      And project "SH-1" of "P1" has applied with "V1", with facility "FAC-SH-1"
      When "REGISTRY" registers project "SH-1"
      Then the transaction fails with "project_under_ets"

    Scenario: the registry may still refuse it
      Given entity "E1" of province "32"
      And project "HW-1" of "P1" has applied with "V1", with facility "E1"
      When "REGISTRY" refuses project "HW-1" because "纳入全国碳市场配额管理"
      Then the transaction succeeds

  Rule: no double registration, no double claiming

    Scenario: the same facility
      Given project "HW-1" of "P1" is registered with "V1", with facility "FAC-A"
      And project "HW-2" of "P1" has applied with "V1", with facility "FAC-A"
      When "REGISTRY" registers project "HW-2"
      Then the transaction fails with "double_registration"
      And the message says "facility FAC-A of project HW-2 is already claimed by project HW-1"

    Scenario: the same external reference
      Given project "HW-1" of "P1" is registered with "V1", with external_ref "GEC-2024-0001"
      And project "HW-2" of "P1" has applied with "V1", with external_ref "GEC-2024-0001"
      When "REGISTRY" registers project "HW-2"
      Then the transaction fails with "double_registration"
      And the message says "ref GEC-2024-0001 of project HW-2 is already claimed by project HW-1"

    Scenario: a green certificate already claims the reference
      Given the registry recorded a green_certificate claim on ref "GEC-2024-0009"
      And project "HW-2" of "P1" has applied with "V1", with external_ref "GEC-2024-0009"
      When "REGISTRY" registers project "HW-2"
      Then the transaction fails with "double_registration"
      And the message says "a green_certificate claim recorded by REGISTRY"

    Scenario: a refused project claims nothing
      Given project "HW-1" of "P1" has applied with "V1", with facility "FAC-A"
      And "REGISTRY" refused project "HW-1"
      And project "HW-2" of "P1" has applied with "V1", with facility "FAC-A"
      When "REGISTRY" registers project "HW-2"
      Then the transaction succeeds
      And the claim on facility "FAC-A" is held by project "HW-2"
