package dev.kubeha.exec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The v3 gateway's member list as the look reads it: names of started members, every member's peer URLs. */
class ClusterSurveyMembersTest {
    /** As etcd 3.5 answers POST /v3/cluster/member/list after etcd3 was added and before it started. */
    static final String LIST = """
            {"header":{"cluster_id":"1","member_id":"2","raft_term":"3"},"members":[
            {"ID":"11","name":"etcd0","peerURLs":["https://10.0.0.10:2380"],"clientURLs":["https://10.0.0.10:2379"]},
            {"ID":"12","name":"etcd1","peerURLs":["https://10.0.0.11:2380"],"clientURLs":["https://10.0.0.11:2379"]},
            {"ID":"13","peerURLs":["https://10.0.0.13:2380"]}]}
            """;

    @Test
    void anAddedMemberThatNeverStartedHasAPeerUrlButNoName() {
        assertThat(ClusterSurvey.memberNames(LIST)).containsExactly("etcd0", "etcd1");
        assertThat(ClusterSurvey.memberPeerUrls(LIST)).containsExactly("https://10.0.0.10:2380", "https://10.0.0.11:2380",
                "https://10.0.0.13:2380");
        assertThat(ClusterSurvey.memberPeerUrls("not json")).isEmpty();
    }
}
