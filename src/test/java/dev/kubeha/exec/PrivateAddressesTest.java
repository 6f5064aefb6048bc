package dev.kubeha.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrivateAddressesTest {

    @Test
    void takesTheFirstIpv4AddressOfIpsOneLineOutput() {
        assertThat(PrivateAddresses.parse(List.of(
                "3: ens4    inet 10.0.0.31/24 brd 10.0.0.255 scope global ens4\\       valid_lft forever preferred_lft forever",
                "3: ens4    inet 10.0.0.99/24 scope global secondary ens4"))).contains("10.0.0.31");
    }

    @Test
    void findsNothingInAnEmptyOrForeignAnswer() {
        assertThat(PrivateAddresses.parse(List.of())).isEmpty();
        assertThat(PrivateAddresses.parse(List.of("Device \"ens9\" does not exist."))).isEmpty();
        assertThat(PrivateAddresses.parse(List.of("2: eth0 inet 999.0.0.1/24 scope global eth0"))).isEmpty();
    }

    @Test
    void listsEveryInterfaceWithItsAddressForTheErrorMessage() {
        assertThat(PrivateAddresses.interfaces(List.of(
                "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever",
                "2: ens4    inet 10.0.0.31/24 brd 10.0.0.255 scope global ens4\\       valid_lft forever",
                "garbage")))
                .containsExactly("lo 127.0.0.1", "ens4 10.0.0.31");
    }

    @Test
    void theCommandQuotesTheInterfaceName() {
        assertThat(PrivateAddresses.command("ens4").line()).isEqualTo("ip -o -4 addr show dev ens4");
    }
}
