<%-- Renders a message of the page model (key and arguments) with the plugin's bundle; an argument that is itself a
     message is rendered first, in the same way. Texts are escaped; the bundle's texts are the page's own. --%>
<%@ tag body-content="empty" trimDirectiveWhitespaces="true" %>
<%@ attribute name="value" required="true" type="org.jivesoftware.openfire.plugin.componentlistener.message.Message" %>
<%@ taglib uri="http://java.sun.com/jsp/jstl/core" prefix="c" %>
<%@ taglib uri="http://java.sun.com/jsp/jstl/fmt" prefix="fmt" %>
<%@ taglib uri="http://java.sun.com/jsp/jstl/functions" prefix="fn" %>
<%@ taglib tagdir="/WEB-INF/tags" prefix="cl" %>
<fmt:message key="${value.key}"><c:forEach var="argument" items="${value.arguments}"><c:choose><c:when test="${argument.message != null}"><c:set var="nested"><cl:message value="${argument.message}"/></c:set><fmt:param value="${nested}"/></c:when><c:when test="${argument.number != null}"><fmt:param value="${argument.number}"/></c:when><c:otherwise><fmt:param value="${fn:escapeXml(argument.text)}"/></c:otherwise></c:choose></c:forEach></fmt:message>
