Feature: Set the market's rules (governance settings)
  - The numbers and switches the law leaves open are market rules: each has a default, the genesis may set it, and only the MEE changes it afterwards.
  - A change names only the rules it changes; the others keep their values.
  - An unknown rule or a value of the wrong kind is refused and changes nothing.

  Rule: only the MEE sets the market rules

    Scenario: the MEE allows bilateral transfers
      When "MEE" sets the market rules to '{"bilateral_transfers": true}'
      Then the transaction succeeds
      And market rule "bilateral_transfers" is true

    Scenario Outline: no one else sets them
      When "<signer>" sets the market rules to '{"bilateral_transfers": true}'
      Then the transaction fails with "unauthorized"
      And market rule "bilateral_transfers" is false

      Examples:
        | signer   |
        | REGISTRY |
        | EXCHANGE |
        | PROV-11  |

  Rule: a rule has a default until it is set

    Scenario: bilateral transfers are off by default
      Then market rule "bilateral_transfers" is false

    Scenario: a later change keeps what it does not name
      Given "MEE" set the market rules to '{"bilateral_transfers": true}'
      When "MEE" sets the market rules to '{"bilateral_transfers": false}'
      Then the transaction succeeds
      And market rule "bilateral_transfers" is false

  Rule: only known rules with valid values

    Scenario Outline: a bad change is refused
      When "MEE" sets the market rules to '<body>'
      Then the transaction fails with "invalid_field"
      And the message says "<message>"

      Examples:
        | body                              | message                      |
        | {}                                | must name at least one       |
        | {"no_such_rule": 1}               | unknown market rule          |
        | {"bilateral_transfers": 1}        | bilateral_transfers must be  |
        | {"bilateral_transfers": "yes"}    | bilateral_transfers must be  |
