package dev.kubeha.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.model.Node;
import dev.kubeha.model.Role;
import dev.kubeha.model.SshOverride;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostCsvTest {

    @Test
    void readsTheRequiredColumnsAndTheOptionalOnes() {
        HostCsv.Result r = HostCsv.parse("""
                \uFEFFname,address,roles,user,port,identityFile
                # comment lines and blank lines are skipped

                master0,203.0.113.20,control-plane+etcd
                worker0, 203.0.113.30 ,worker;etcd,kube,2222,"~/.ssh/id ed25519, lab"
                worker1,203.0.113.31,Master,,,
                """);
        assertThat(r.errors()).isEmpty();
        assertThat(r.rows()).extracting(HostRow::toNode).containsExactly(
                new Node("master0", "203.0.113.20", null, null, List.of(Role.CONTROL_PLANE, Role.ETCD), null, null),
                new Node("worker0", "203.0.113.30", null, null, List.of(Role.WORKER, Role.ETCD), null,
                        new SshOverride("kube", 2222, "~/.ssh/id ed25519, lab", null)),
                new Node("worker1", "203.0.113.31", null, null, List.of(Role.CONTROL_PLANE), null, null));
    }

    @Test
    void aShortHeaderLeavesTheOptionalColumnsOut() {
        HostCsv.Result r = HostCsv.parse("Name,Address,Roles\nmaster0,10.0.0.20,control-plane\n");
        assertThat(r.errors()).isEmpty();
        assertThat(r.rows()).hasSize(1);
        assertThat(HostCsv.parse("name,address,roles\nmaster0,10.0.0.20,control-plane,kube\n").errors())
                .containsExactly("line 2: 4 fields, expected 3 (name,address,roles)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            empty file                 | ''                                                      | line 1: the header name,address,roles[,user,port,identityFile] is missing
            no header                  | master0,10.0.0.20,control-plane                         | line 1: expected the header name,address,roles[,user,port,identityFile], found "master0,10.0.0.20,control-plane"
            header in another order    | address,name,roles                                      | line 1: expected the header name,address,roles[,user,port,identityFile], found "address,name,roles"
            too few fields             | name,address,roles\\nmaster0,10.0.0.20                  | line 2: 2 fields, expected 3 to 3 (name,address,roles)
            too many fields            | name,address,roles,user\\nm,a,worker,u,22               | line 2: 5 fields, expected 3 to 4 (name,address,roles,user)
            empty name                 | name,address,roles\\n ,10.0.0.20,worker                 | line 2: name is empty
            empty address              | name,address,roles\\nmaster0,,worker                    | line 2: address is empty
            no role                    | name,address,roles\\nmaster0,10.0.0.20,+                | line 2: no role; give control-plane, worker or etcd, joined with + or ;
            unknown role               | name,address,roles\\nmaster0,10.0.0.20,control-plane+db | line 2: unknown role "db"; use control-plane, worker or etcd, joined with + or ;
            port not a number          | name,address,roles,user,port\\nm,a,worker,u,22a         | line 2: port "22a" is not a number
            unclosed quote             | name,address,roles\\nm,"a,worker                        | line 2: the quote of field 2 is not closed
            text after a closing quote | name,address,roles\\nm,"a"b,worker                      | line 2: text after the closing quote of field 2
            """)
    void everyBadLineIsNamedWithWhatIsWrong(String what, String text, String error) {
        HostCsv.Result r = HostCsv.parse(text.replace("\\n", "\n"));
        assertThat(r.errors()).containsExactly(error.replace("3 to 3", "3"));
        assertThat(r.rows()).isEmpty();
    }

    @Test
    void everyBadLineIsReportedAndNothingIsAddedThen() {
        HostCsv.Result r = HostCsv.parse("name,address,roles\nmaster0,10.0.0.20,control-plane\nworker0,,worker\n"
                + "worker1,10.0.0.31,db\n");
        assertThat(r.errors()).containsExactly("line 3: address is empty",
                "line 4: unknown role \"db\"; use control-plane, worker or etcd, joined with + or ;");
        assertThat(r.rows()).isEmpty();
    }
}
