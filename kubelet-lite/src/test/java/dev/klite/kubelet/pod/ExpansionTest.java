package dev.klite.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Cases follow third_party/forked/golang/expansion/expand_test.go's table. */
class ExpansionTest {
  private static final Map<String, String> VARS = Map.of("VAR_A", "A", "VAR_B", "B", "VAR_C", "C",
      "VAR_REF", "$(VAR_A)", "VAR_EMPTY", "");

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(Named.of("whole string", "$(VAR_A)"), "A"),
        Arguments.of(Named.of("repeat", "$(VAR_A)-$(VAR_A)"), "A-A"),
        Arguments.of(Named.of("beginning", "$(VAR_A)-1"), "A-1"),
        Arguments.of(Named.of("middle", "___$(VAR_B)___"), "___B___"),
        Arguments.of(Named.of("end", "___$(VAR_C)"), "___C"),
        Arguments.of(Named.of("compound", "$(VAR_A)_$(VAR_B)_$(VAR_C)"), "A_B_C"),
        Arguments.of(Named.of("escape & expand", "$$(VAR_B)_$(VAR_A)"), "$(VAR_B)_A"),
        Arguments.of(Named.of("compound escape", "$$(VAR_A)_$$(VAR_B)"), "$(VAR_A)_$(VAR_B)"),
        Arguments.of(Named.of("mixed in escapes", "f000-$$VAR_A"), "f000-$VAR_A"),
        Arguments.of(Named.of("backslash escape ignored", "foo\\$(VAR_C)bar"), "foo\\Cbar"),
        Arguments.of(Named.of("backslash escape ignored 2", "foo\\\\$(VAR_C)bar"), "foo\\\\Cbar"),
        Arguments.of(Named.of("lots of backslashes", "foo\\\\\\\\$(VAR_A)bar"), "foo\\\\\\\\Abar"),
        Arguments.of(Named.of("nested var references", "$(VAR_A$(VAR_B))"), "$(VAR_A$(VAR_B))"),
        Arguments.of(Named.of("nested var references 2", "$(VAR_A$(VAR_B)"), "$(VAR_A$(VAR_B)"),
        Arguments.of(Named.of("value is a reference", "$(VAR_REF)"), "$(VAR_A)"),
        Arguments.of(Named.of("value is a reference x 2", "%%$(VAR_REF)--$(VAR_REF)%%"), "%%$(VAR_A)--$(VAR_A)%%"),
        Arguments.of(Named.of("empty var", "foo$(VAR_EMPTY)bar"), "foobar"),
        Arguments.of(Named.of("unterminated expression", "foo$(VAR_Awhoops!"), "foo$(VAR_Awhoops!"),
        Arguments.of(Named.of("expression without operator", "f00__(VAR_A)__"), "f00__(VAR_A)__"),
        Arguments.of(Named.of("shell special vars pass through", "$?_boo_$!"), "$?_boo_$!"),
        Arguments.of(Named.of("bare operators are ignored", "$VAR_A"), "$VAR_A"),
        Arguments.of(Named.of("undefined vars are ignored", "$(VAR_Z)"), "$(VAR_Z)"),
        Arguments.of(Named.of("multiple (even) operators, var undefined", "$$$$$$(BIG_MONEY)"), "$$$(BIG_MONEY)"),
        Arguments.of(Named.of("multiple (even) operators, var defined", "$$$$$$(VAR_A)"), "$$$(VAR_A)"),
        Arguments.of(Named.of("multiple (odd) operators, var undefined", "$$$$$$$(GOOD_ODDS)"), "$$$$(GOOD_ODDS)"),
        Arguments.of(Named.of("multiple (odd) operators, var defined", "$$$$$$$(VAR_A)"), "$$$A"),
        Arguments.of(Named.of("missing open expression", "$VAR_A)"), "$VAR_A)"),
        Arguments.of(Named.of("shell syntax ignored", "${VAR_A}"), "${VAR_A}"),
        Arguments.of(Named.of("trailing incomplete expression not consumed", "$(VAR_B)_______$(A"),
            "B_______$(A"),
        Arguments.of(Named.of("trailing incomplete expression, no content, is not consumed", "$(VAR_C)_______$("),
            "C_______$("),
        Arguments.of(Named.of("operator at end of input string is preserved", "$(VAR_A)foobarzab$"), "Afoobarzab$"),
        Arguments.of(Named.of("shell escaped incomplete expr", "foo-\\$(VAR_A"), "foo-\\$(VAR_A"),
        Arguments.of(Named.of("lots of $( in middle", "--$($($($($--"), "--$($($($($--"),
        Arguments.of(Named.of("lots of $( in beginning", "$($($($($--foo$("), "$($($($($--foo$("),
        Arguments.of(Named.of("lots of $( at end", "foo0--$($($($("), "foo0--$($($($("),
        Arguments.of(Named.of("escaped operators in variable names are not escaped", "$(foo$$var)"), "$(foo$$var)"),
        Arguments.of(Named.of("newline not expanded", "\n"), "\n"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void expandsLikeUpstream(String input, String expected) {
    assertThat(Expansion.expand(input, VARS)).isEqualTo(expected);
  }
}
