package org.infinibay.infiniservice.application.port.out.os;

import java.util.List;

/** Local human accounts (UserList, §8.5.4): Linux uid 0 or >= 1000 except {@code nobody}. */
public interface LocalAccounts {
    List<LocalAccount> users() throws OsOperationException;
}
