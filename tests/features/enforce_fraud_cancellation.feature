Feature: Enforce a fraud order: force-cancel what the owner did not cancel (S8 Art.43)
  - The registry signs, after the order's due time (deadline_not_passed up to and at it), while the order is open (fraud_order_closed once fulfilled or enforced; not_found without an order).
  - It cancels what the owner still owes from the owner's available CCER: the ordered project's instruments first, then its other CCER, by instrument id, lowest serials first. Frozen units are not taken.
  - One certificate with purpose fraud_remedy records it, naming the owner as beneficiary and the order in its reason; when several instruments are taken, it lists each part.
  - When the owner holds less than it owes, what it holds is cancelled and the rest is recorded as still owed.
  - The order becomes enforced and the project's units move again.

  Background:
    Given entity "E1" of province "11"
    And entity "E2" of province "31"
    And project "P-WIND-01" of "O1" is registered
    And project "P-SOLAR-02" of "O2" is registered
    And "O1" holds 50 t of the 2022 CCER of project "P-WIND-01"
    And "O1" holds 30 t of the 2023 CCER of project "P-WIND-01"
    And "O1" holds 40 t of the 2023 CCER of project "P-SOLAR-02"
    And "E1" holds 20 t of the 2022 CCER of project "P-WIND-01"
    And the block time is "2026-03-02T10:00:00+08:00"
    And the registry ordered the cancellation of 60 t for project "P-WIND-01", due "2026-06-30T23:59:59+08:00"

  Rule: the registry enforces after the due time

    Scenario Outline: an enforcement at the edge of the due time
      When "REGISTRY" enforces the fraud order on project "P-WIND-01" at "<moment>"
      Then the transaction ends with "<code>"

      Examples:
        | moment                    | code                |
        | 2026-06-30T23:59:58+08:00 | deadline_not_passed |
        | 2026-06-30T23:59:59+08:00 | deadline_not_passed |
        | 2026-07-01T00:00:00+08:00 | ok                  |

    Scenario: no one else enforces
      When "MEE" enforces the fraud order on project "P-WIND-01" at "2026-07-01T00:00:00+08:00"
      Then the transaction fails with "unauthorized"

    Scenario: a project without an order has nothing to enforce
      When "REGISTRY" enforces the fraud order on project "P-SOLAR-02" at "2026-07-01T00:00:00+08:00"
      Then the transaction fails with "not_found"

  Rule: it cancels what is still owed, the project's instruments first

    Scenario: the rest is force-cancelled from the project's lowest vintage, with a certificate
      Given "O1" cancelled 10 t of CCER-P-WIND-01-2023 as fraud_remedy
      When "REGISTRY" enforces the fraud order on project "P-WIND-01" at "2026-07-01T00:00:00+08:00"
      Then the transaction succeeds
      And "O1" holds 0 t of CCER-P-WIND-01-2022
      And "O1" holds 20 t of CCER-P-WIND-01-2023
      And "O1" holds 40 t of CCER-P-SOLAR-02-2023
      And the certificate records "O1", CCER-P-WIND-01-2022, serials 1-50, 50 t, purpose fraud_remedy
      And the certificate names the owner "O1" as beneficiary and the order in its reason
      And the enforcement cancelled 50 t and records 0 t still owed
      And the fraud order on project "P-WIND-01" is enforced with 10 t cancelled by the owner

    Scenario: the project's other vintage comes next, then the owner's other CCER
      When "REGISTRY" enforces the fraud order on project "P-WIND-01" at "2026-07-01T00:00:00+08:00"
      Then the transaction succeeds
      And the certificate lists the parts 50 CCER-P-WIND-01-2022, 10 CCER-P-WIND-01-2023
      And "O1" holds 20 t of CCER-P-WIND-01-2023
      And "O1" holds 40 t of CCER-P-SOLAR-02-2023

    Scenario: frozen units are not taken
      Given a court freezes 50 t of CCER-P-WIND-01-2022 of "O1"
      When "REGISTRY" enforces the fraud order on project "P-WIND-01" at "2026-07-01T00:00:00+08:00"
      Then the transaction succeeds
      And the certificate lists the parts 30 CCER-P-WIND-01-2023, 30 CCER-P-SOLAR-02-2023
      And "O1" holds 0 t available and 50 t frozen of CCER-P-WIND-01-2022

  Rule: an owner holding less than it owes loses what it holds, and the rest stays owed

    Scenario: the owner's CCER are all cancelled and 10 t stay owed
      Given the registry ordered the cancellation of 130 t for project "P-SOLAR-02", due "2026-06-30T23:59:59+08:00"
      And "O2" holds 100 t of the 2023 CCER of project "P-SOLAR-02"
      When "REGISTRY" enforces the fraud order on project "P-SOLAR-02" at "2026-07-01T00:00:00+08:00"
      Then the transaction succeeds
      And "O2" holds 0 t of CCER-P-SOLAR-02-2023
      And the enforcement cancelled 100 t and records 30 t still owed

    Scenario: an owner without CCER gets no certificate, and all stays owed
      Given the registry ordered the cancellation of 25 t for project "P-SOLAR-02", due "2026-06-30T23:59:59+08:00"
      When "REGISTRY" enforces the fraud order on project "P-SOLAR-02" at "2026-07-01T00:00:00+08:00"
      Then the transaction succeeds
      And no certificate is written
      And the enforcement cancelled 0 t and records 25 t still owed

  Rule: an order is closed once fulfilled or enforced, and the units move again

    Scenario: the units move again after the enforcement
      Given "REGISTRY" enforced the fraud order on project "P-WIND-01" at "2026-07-01T00:00:00+08:00"
      When "E1" transfers 10 t of CCER-P-WIND-01-2022 to "E2"
      Then the transaction succeeds

    Scenario: an enforced order is not enforced twice
      Given "REGISTRY" enforced the fraud order on project "P-WIND-01" at "2026-07-01T00:00:00+08:00"
      When "REGISTRY" enforces the fraud order on project "P-WIND-01" at "2026-07-02T00:00:00+08:00"
      Then the transaction fails with "fraud_order_closed"

    Scenario: an order the owner fulfilled is not enforced
      Given "O1" cancelled 50 t of CCER-P-WIND-01-2022 as fraud_remedy
      And "O1" cancelled 10 t of CCER-P-WIND-01-2023 as fraud_remedy
      When "REGISTRY" enforces the fraud order on project "P-WIND-01" at "2026-07-01T00:00:00+08:00"
      Then the transaction fails with "fraud_order_closed"
